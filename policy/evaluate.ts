/**
 * Runs the pack's rules over recorded resources the way the Pulumi engine's analyzer does:
 * remediations first (rules at `remediate`), then every resource policy per resource, then the
 * stack policies over all resources. Properties arrive as the engine hands them over: secrets
 * unwrapped, unknowns as the engine's sentinel behind `unknownCheckingProxy`; `getConfig` returns
 * the policy's configuration with its schema defaults applied, after checking it against the
 * policy's `configSchema` as the engine does (a PolicyConfigError otherwise); `notApplicable` throws.
 * The CLI, the tests and the benchmark all go through this one function.
 */
import type {
  EnforcementLevel,
  Policies,
  PolicyPackConfig,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  Severity,
  StackValidationPolicy,
} from "@pulumi/policy";
import { checkPolicyConfig, mergedSettings } from "./config";
import { unknownCheckingProxy, UnknownValueError } from "./lib/unknowns";
import { expandYamlGroup, YAML_GROUPS, type GroupMember } from "./lib/yaml-groups";
import { PACK_ENFORCEMENT_LEVEL } from "./pack";
import { rules } from "./rules";

/** A resource as the program registered it (the offline engine's record fits). */
export interface ResourceInput {
  readonly type: string;
  readonly name: string;
  /** @default built from the stack, the project, the parent's type and the name */
  readonly urn?: string;
  /** URN of the parent resource. */
  readonly parent?: string;
  /** Inputs on the wire: secrets wrapped, unknowns as the engine's sentinel. */
  readonly inputs: Record<string, unknown>;
  readonly dependencies?: readonly string[];
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

export interface EvaluateOptions {
  /** Stack name, as it appears in URNs. */
  readonly stack: string;
  /** @default "tls-edge" */
  readonly project?: string;
  /** Stack tags, e.g. `{"tls-edge:environment": "production"}`. */
  readonly stackTags?: Readonly<Record<string, string>>;
  /** Policy pack configuration, the format of `--policy-pack-config`. */
  readonly config?: PolicyPackConfig;
  /** @default every rule of the pack */
  readonly policies?: Policies;
  /** Folder that relative `ConfigFile`/`ConfigGroup` file paths are read from. @default cwd */
  readonly baseDir?: string;
}

export interface Violation {
  readonly policy: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly severity: Severity;
  /** The resource's name; `(stack)` for a violation of the stack as a whole. */
  readonly resource: string;
  readonly type: string;
  readonly message: string;
}

export interface Remediation {
  readonly policy: string;
  readonly resource: string;
  readonly type: string;
}

export interface Evaluation {
  readonly violations: Violation[];
  readonly remediations: Remediation[];
  /** How many resources the rules saw (YAML groups count once per decoded object, too). */
  readonly resourceCount: number;
}

/** The engine's sentinel for an unknown value (the string form the analyzer receives). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
/** Keys `unknownCheckingProxy` answers to reveal itself and its target. */
const PROXY_MARK = "__isSpecialProxy";
const PROXY_TARGET = "__getSpecialProxyTarget";

type Prepared = GroupMember;

class NotApplicable extends Error {}

/** Wire value → what the analyzer gives policies: secrets unwrapped, unknowns as the sentinel. */
function fromWire(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(fromWire);
  const obj = value as Record<string, unknown>;
  if (SECRET_SIG_KEY in obj) return fromWire(obj["value"]);
  if (obj.constructor?.name === "Unknown") return UNKNOWN;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (v !== undefined) out[key] = fromWire(v);
  }
  return out;
}

/** A plain copy of a remediation's result: proxies unwrapped, unknowns kept as the sentinel. */
function unproxy(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const v = value as Record<string, unknown>;
  const target = (v[PROXY_MARK] === true ? v[PROXY_TARGET] : v) as Record<string, unknown>;
  if (Array.isArray(target)) return target.map(unproxy);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(target)) out[key] = unproxy(target[key]);
  return out;
}

function restack(urn: string, stack: string): string {
  if (!urn.startsWith("urn:pulumi:")) return urn;
  const end = urn.indexOf("::", 11);
  return end < 0 ? urn : `urn:pulumi:${stack}${urn.slice(end)}`;
}

function urnType(urn: string): string {
  const parts = urn.split("::");
  return parts.length >= 4 ? parts[2]! : "";
}

function prepare(resources: readonly ResourceInput[], options: EvaluateOptions): Prepared[] {
  const project = options.project ?? "tls-edge";
  const baseDir = options.baseDir ?? process.cwd();
  const out: Prepared[] = [];
  const urns = new Map<string, string>();
  for (const r of resources) {
    const parentUrn = r.parent ? restack(r.parent, options.stack) : undefined;
    const parentType = parentUrn ? urnType(parentUrn) : "";
    const qualified = parentType ? `${parentType}$${r.type}` : r.type;
    const urn = r.urn
      ? restack(r.urn, options.stack)
      : `urn:pulumi:${options.stack}::${project}::${qualified}::${r.name}`;
    urns.set(r.urn ?? urn, urn);
    const prepared: Prepared = {
      type: r.type,
      name: r.name,
      urn,
      ...(parentUrn ? { parent: parentUrn } : {}),
      props: fromWire(r.inputs) as Record<string, unknown>,
      dependencies: (r.dependencies ?? []).map((d) => restack(d, options.stack)),
      propertyDependencies: Object.fromEntries(
        Object.entries(r.propertyDependencies ?? {}).map(([k, v]) => [
          k,
          v.map((d) => restack(d, options.stack)),
        ]),
      ),
    };
    out.push(prepared);
    if (YAML_GROUPS.has(r.type)) {
      try {
        out.push(...expandYamlGroup(prepared, baseDir));
      } catch (err) {
        throw new Error(`${r.type} ${r.name}: ${(err as Error).message}`, { cause: err });
      }
    }
  }
  return out;
}

type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;

function levelOf(policy: AnyPolicy, config: PolicyPackConfig): EnforcementLevel {
  const own = config[policy.name];
  const all = config["all"];
  const fromConfig = (c: unknown): EnforcementLevel | undefined =>
    typeof c === "string"
      ? (c as EnforcementLevel)
      : ((c as { enforcementLevel?: EnforcementLevel } | undefined)?.enforcementLevel ?? undefined);
  return fromConfig(own) ?? fromConfig(all) ?? policy.enforcementLevel ?? PACK_ENFORCEMENT_LEVEL;
}

function isTypeOf(type: string, resourceClass: unknown): boolean {
  const cls = resourceClass as {
    __pulumiType?: unknown;
    isInstance?: (o: unknown) => boolean;
  };
  if (typeof cls.__pulumiType === "string" && cls.__pulumiType.length > 0) {
    return cls.__pulumiType === type;
  }
  return typeof cls.isInstance === "function" && cls.isInstance({ __pulumiType: type }) === true;
}

function optionsOf(r: Prepared): PolicyResourceOptions {
  return {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...(r.parent ? { parent: r.parent } : {}),
  };
}

const notApplicable = (reason?: string): never => {
  throw new NotApplicable(reason);
};

function resourceArgs(
  r: Prepared,
  props: Record<string, unknown>,
  stackTags: ReadonlyMap<string, string>,
  getConfig: () => Record<string, unknown>,
): ResourceValidationArgs {
  return {
    type: r.type,
    props,
    urn: r.urn,
    name: r.name,
    opts: optionsOf(r),
    stackTags,
    isType: (cls) => isTypeOf(r.type, cls),
    asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? props : undefined)) as never,
    getConfig: getConfig as <T extends object>() => T,
    notApplicable,
  };
}

function isResourcePolicy(p: AnyPolicy): p is ResourceValidationPolicy {
  return "validateResource" in p || "remediateResource" in p;
}

function isStackPolicy(p: AnyPolicy): p is StackValidationPolicy {
  return typeof (p as StackValidationPolicy).validateStack === "function";
}

/** Runs the pack (or the given policies) over the resources; see the module comment. */
export async function evaluate(
  resources: readonly ResourceInput[],
  options: EvaluateOptions,
): Promise<Evaluation> {
  const policies = (options.policies ?? rules) as AnyPolicy[];
  const config = options.config ?? {};
  // As the engine does before any policy runs: a config its schemas refuse stops the run.
  checkPolicyConfig(config, policies);
  const stackTags: ReadonlyMap<string, string> = new Map(Object.entries(options.stackTags ?? {}));
  const prepared = prepare(resources, options);
  const byUrn = new Map(prepared.map((r) => [r.urn, r]));
  const violations: Violation[] = [];
  const remediations: Remediation[] = [];

  const active = policies
    .map((p) => ({ p, level: levelOf(p, config), config: mergedSettings(p, config[p.name]) }))
    .filter((a) => a.level !== "disabled");

  const reporter =
    (a: (typeof active)[number], level: EnforcementLevel, fallback?: Prepared) =>
    (message: string, urn?: string) => {
      const target = (urn ? byUrn.get(urn) : undefined) ?? fallback;
      violations.push({
        policy: a.p.name,
        enforcementLevel: level,
        severity: a.p.severity ?? "medium",
        resource: target?.name ?? "(stack)",
        type: target?.type ?? "pulumi:pulumi:Stack",
        message,
      });
    };

  const run = async (
    a: (typeof active)[number],
    target: Prepared | undefined,
    fn: () => unknown,
  ) => {
    try {
      await fn();
    } catch (err) {
      // As the engine does: an unknown the rule did not handle becomes an advisory note.
      if (err instanceof UnknownValueError) {
        violations.push({
          policy: a.p.name,
          enforcementLevel: "advisory",
          severity: a.p.severity ?? "medium",
          resource: target?.name ?? "(stack)",
          type: target?.type ?? "pulumi:pulumi:Stack",
          message: `can't run policy '${a.p.name}' during preview: ${err.message}`,
        });
      } else if (!(err instanceof NotApplicable)) {
        throw new Error(`policy '${a.p.name}' failed: ${(err as Error).message}`, { cause: err });
      }
    }
  };

  const resourcePolicies = active.filter((a) => isResourcePolicy(a.p));
  for (const r of prepared) {
    for (const a of resourcePolicies) {
      const p = a.p as ResourceValidationPolicy;
      if (a.level !== "remediate" || !p.remediateResource) continue;
      const remediate = p.remediateResource;
      await run(a, r, async () => {
        const result = await remediate(
          resourceArgs(r, unknownCheckingProxy(r.props), stackTags, () => a.config),
        );
        if (result && typeof result === "object") {
          r.props = unproxy(result) as Record<string, unknown>;
          remediations.push({ policy: p.name, resource: r.name, type: r.type });
        }
      });
    }
    // One proxy per resource (after remediation): proxies are stateless, so sharing is safe.
    const props = unknownCheckingProxy(r.props);
    for (const a of resourcePolicies) {
      const p = a.p as ResourceValidationPolicy;
      if (!p.validateResource) continue;
      // A violation left after remediation counts as mandatory, as in the engine.
      const level = a.level === "remediate" ? "mandatory" : a.level;
      const validations = Array.isArray(p.validateResource)
        ? p.validateResource
        : [p.validateResource];
      const report = reporter(a, level, r);
      for (const validate of validations) {
        await run(a, r, () =>
          validate(
            resourceArgs(r, props, stackTags, () => a.config),
            report,
          ),
        );
      }
    }
  }

  const stackPolicies = active.filter((a) => isStackPolicy(a.p));
  if (stackPolicies.length > 0) {
    const policyResources = new Map<string, PolicyResource>();
    for (const r of prepared) {
      const props = unknownCheckingProxy(r.props) as Record<string, unknown>;
      policyResources.set(r.urn, {
        type: r.type,
        props,
        urn: r.urn,
        name: r.name,
        opts: optionsOf(r),
        dependencies: [],
        propertyDependencies: {},
        isType: (cls) => isTypeOf(r.type, cls),
        asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? props : undefined)) as never,
      });
    }
    for (const r of prepared) {
      const pr = policyResources.get(r.urn)!;
      const parent = r.parent ? policyResources.get(r.parent) : undefined;
      if (parent) pr.parent = parent;
      pr.dependencies = r.dependencies
        .map((d) => policyResources.get(d))
        .filter((d): d is PolicyResource => d !== undefined);
      for (const [key, deps] of Object.entries(r.propertyDependencies)) {
        pr.propertyDependencies[key] = deps
          .map((d) => policyResources.get(d))
          .filter((d): d is PolicyResource => d !== undefined);
      }
    }
    const all = [...policyResources.values()];
    for (const a of stackPolicies) {
      const p = a.p as StackValidationPolicy;
      const level = a.level === "remediate" ? "mandatory" : a.level;
      const report = reporter(a, level);
      await run(a, undefined, () =>
        p.validateStack(
          {
            resources: all,
            stackTags,
            getConfig: (() => a.config) as <T extends object>() => T,
            notApplicable,
          },
          report,
        ),
      );
    }
  }

  return { violations, remediations, resourceCount: prepared.length };
}
