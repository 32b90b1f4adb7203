/**
 * Policy pack configuration (the JSON of `--policy-pack-config`), checked the way the Pulumi
 * engine checks it before any policy runs (pkg/resource/analyzer/config.go): each top-level value
 * is an enforcement level or an object whose `enforcementLevel` is one; each policy's settings,
 * its schema defaults overridden by the file, are validated with a JSON Schema validator against
 * `{type: "object", properties, required}` built from the policy's `configSchema`.
 *
 * The engine accepts rule names and settings no policy declares and ignores them; `strict` also
 * refuses those, since a misspelt name silently leaves a rule at its defaults.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import type { EnforcementLevel, Policies, PolicyConfigSchema } from "@pulumi/policy";

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = [
  "advisory",
  "mandatory",
  "remediate",
  "disabled",
];

/** One thing wrong with a pack configuration. */
export interface PolicyConfigProblem {
  /** The top-level key: a rule name or `all`. */
  readonly policy: string;
  /** The setting under it, e.g. `productionStacks[1]`; absent for the rule's entry itself. */
  readonly key?: string;
  readonly message: string;
}

/** A configuration the engine would refuse; `problems` lists every reason. */
export class PolicyConfigError extends Error {
  constructor(readonly problems: readonly PolicyConfigProblem[]) {
    super(`invalid policy pack config: ${problems.map((p) => p.message).join("; ")}`);
    this.name = "PolicyConfigError";
  }
}

type Policy = Policies[number];

const ajv = new Ajv({ allErrors: true });
const compiled = new WeakMap<PolicyConfigSchema, ValidateFunction>();

function validatorOf(schema: PolicyConfigSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    // The schema the engine builds from a policy's configSchema (convertSchema in config.go).
    validate = ajv.compile({
      type: "object",
      ...(Object.keys(schema.properties).length > 0 ? { properties: schema.properties } : {}),
      ...(schema.required?.length ? { required: schema.required } : {}),
    });
    compiled.set(schema, validate);
  }
  return validate;
}

const isLevel = (v: unknown): v is EnforcementLevel =>
  typeof v === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(v);

/** A value as it appears in a message: JSON, cut short. */
function shown(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/** `/productionStacks/1` → `productionStacks[1]`. */
function keyOf(instancePath: string): string {
  return instancePath
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce(
      (key, part) => (/^\d+$/.test(part) ? `${key}[${part}]` : key ? `${key}.${part}` : part),
      "",
    );
}

function valueAt(root: unknown, instancePath: string): unknown {
  let value = root;
  for (const part of instancePath.split("/").slice(1)) {
    value = (value as Record<string, unknown>)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return value;
}

/** What a setting takes, from its schema: its description and default. */
function expectation(schema: PolicyConfigSchema, key: string): string {
  const top = schema.properties[key.split(/[.[]/)[0]!];
  if (!top) return "";
  const parts = [
    ...(typeof top.description === "string" ? [top.description] : []),
    ...(top.default !== undefined ? [`default ${shown(top.default)}`] : []),
  ];
  return parts.length > 0 ? ` (${parts.join("; ")})` : "";
}

function schemaProblem(
  policy: string,
  schema: PolicyConfigSchema,
  settings: Record<string, unknown>,
  error: ErrorObject,
): PolicyConfigProblem {
  if (error.keyword === "required") {
    const key = keyOf(`${error.instancePath}/${String(error.params["missingProperty"])}`);
    return {
      policy,
      key,
      message: `${policy}.${key}: is required; set it${expectation(schema, key)}`,
    };
  }
  const key = keyOf(error.instancePath);
  const value = shown(valueAt(settings, error.instancePath));
  return {
    policy,
    key,
    message: `${policy}.${key}: ${value} ${error.message ?? "is not valid"}${expectation(schema, key)}`,
  };
}

/**
 * Every problem with `config` for `policies`, in file order then rule order. `strict` refuses
 * rule names and settings no policy declares, as `tls-edge policy` does.
 */
export function policyConfigProblems(
  config: unknown,
  policies: Policies,
  options: { readonly strict?: boolean } = {},
): PolicyConfigProblem[] {
  if (!config || typeof config !== "object" || Array.isArray(config)) {
    return [
      {
        policy: "",
        message: `expected a JSON object keyed by rule name, got ${shown(config)}`,
      },
    ];
  }
  const problems: PolicyConfigProblem[] = [];
  const byName = new Map(policies.map((p) => [p.name, p]));
  const entries = config as Record<string, unknown>;
  for (const [name, value] of Object.entries(entries)) {
    const policy = byName.get(name);
    if (!policy && name !== "all" && options.strict) {
      problems.push({
        policy: name,
        message: `${shown(name)} is not a rule; rules: ${[...byName.keys()].join(", ")}`,
      });
      continue;
    }
    if (typeof value === "string") {
      if (!isLevel(value)) {
        problems.push({
          policy: name,
          message: `${name}: ${shown(value)} is not an enforcement level; use ${ENFORCEMENT_LEVELS.join(", ")}`,
        });
      }
      continue;
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      problems.push({
        policy: name,
        message: `${name}: ${shown(value)} is neither an enforcement level nor an object of settings`,
      });
      continue;
    }
    const settings = value as Record<string, unknown>;
    if ("enforcementLevel" in settings && !isLevel(settings["enforcementLevel"])) {
      problems.push({
        policy: name,
        key: "enforcementLevel",
        message: `${name}.enforcementLevel: ${shown(settings["enforcementLevel"])} is not an enforcement level; use ${ENFORCEMENT_LEVELS.join(", ")}`,
      });
    }
    if (!options.strict) continue;
    const known = Object.keys(policy?.configSchema?.properties ?? {});
    for (const key of Object.keys(settings)) {
      if (key !== "enforcementLevel" && !known.includes(key)) {
        problems.push({
          policy: name,
          key,
          message: `${name}.${key}: unknown setting; ${name} takes ${known.join(", ") || "no settings"}`,
        });
      }
    }
  }
  for (const policy of policies) {
    if (!policy.configSchema) continue;
    const settings = mergedSettings(policy, entries[policy.name]);
    const validate = validatorOf(policy.configSchema);
    if (validate(settings)) continue;
    for (const error of validate.errors ?? []) {
      problems.push(schemaProblem(policy.name, policy.configSchema, settings, error));
    }
  }
  return problems;
}

/** The policy's settings as the engine hands them over: schema defaults, then the file's. */
export function mergedSettings(policy: Policy, entry: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
    if (schema.default !== undefined) out[key] = structuredClone(schema.default);
  }
  if (entry && typeof entry === "object" && !Array.isArray(entry)) {
    for (const [key, value] of Object.entries(entry)) {
      if (key !== "enforcementLevel") out[key] = value;
    }
  }
  return out;
}

/** Throws a PolicyConfigError listing every problem; see `policyConfigProblems`. */
export function checkPolicyConfig(
  config: unknown,
  policies: Policies,
  options: { readonly strict?: boolean } = {},
): void {
  const problems = policyConfigProblems(config, policies, options);
  if (problems.length > 0) throw new PolicyConfigError(problems);
}
