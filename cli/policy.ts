/**
 * `tls-edge policy <stack> [--program <file>] [--config <policy-config.json>] [--tag k=v]... [--json]`:
 * runs the stack's program offline and checks what it registers against the CrossGuard pack in
 * policy/, through the same `evaluate` the tests use. Exit 1 when a mandatory violation remains.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { PolicyPackConfig } from "@pulumi/policy";
import { policyConfigProblems, type PolicyConfigProblem } from "../policy/config";
import { evaluate, type Evaluation, type Violation } from "../policy/evaluate";
import { rules } from "../policy/rules";
import { checkStackArgs, InputError, requireResources } from "./offline/inputs";
import { runProgram } from "./offline/run";
import { escapeForTerminal as safe, escapeJson } from "./terminal";

export const POLICY_USAGE = `usage: tls-edge policy <stack> [--program <file>] [--config <file>] [--tag <key=value>]... [--json]

Runs the stack's Pulumi program offline (no cluster, no cloud account, no Pulumi CLI) and
checks every resource it registers against the tls-edge policy pack. Exits 1 when a mandatory
violation remains, 0 otherwise, 2 on usage errors.

options:
  --program <file>   check another Pulumi TypeScript program (default: this project's stacks/)
  --config <file>    policy pack configuration, the JSON given to --policy-pack-config
  --tag <key=value>  a stack tag, e.g. tls-edge:environment=production (repeatable)
  --json             print {"violations":[...]} instead of the report
  --preview          check as \`pulumi preview\` does: values computed by providers are unknown
                     (default: as after \`pulumi up\`, with typed placeholders for them)`;

class UsageError extends Error {
  constructor(
    message: string,
    readonly problems: readonly PolicyConfigProblem[] = [],
  ) {
    super(message);
  }
}

/**
 * Reads and checks a policy pack config file as the engine checks it (each rule's settings
 * against its configSchema), and also refuses rule names and settings the pack does not have.
 */
export function readPolicyConfig(file: string): PolicyPackConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new UsageError(`--config ${file}: ${(err as Error).message}`);
  }
  const problems = policyConfigProblems(parsed, rules, { strict: true });
  if (problems.length > 0) {
    throw new UsageError(
      `--config ${file}: ${problems.length} problem(s):\n  ${problems.map((p) => p.message).join("\n  ")}`,
      problems,
    );
  }
  return parsed as PolicyPackConfig;
}

function parseTags(values: readonly string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf("=");
    if (eq <= 0) throw new UsageError(`--tag ${value}: expected key=value`);
    tags[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return tags;
}

/** The human report: violations grouped by rule, each with its resource and fix. */
export function formatReport(stack: string, evaluation: Evaluation): string {
  const lines: string[] = [];
  const byPolicy = new Map<string, Violation[]>();
  for (const v of evaluation.violations) {
    byPolicy.set(v.policy, [...(byPolicy.get(v.policy) ?? []), v]);
  }
  for (const [policy, violations] of byPolicy) {
    const first = violations[0]!;
    lines.push(`${policy} (${first.enforcementLevel}, ${first.severity})`);
    for (const v of violations) {
      const level = v.enforcementLevel === first.enforcementLevel ? "" : ` [${v.enforcementLevel}]`;
      lines.push(`  ${v.resource} (${v.type})${level}`, `    ${v.message}`);
    }
    lines.push("");
  }
  for (const r of evaluation.remediations) {
    lines.push(`remediated by ${r.policy}: ${r.resource} (${r.type})`);
  }
  const mandatory = evaluation.violations.filter((v) => v.enforcementLevel === "mandatory").length;
  const advisory = evaluation.violations.length - mandatory;
  lines.push(
    `policy ${stack}: ${evaluation.resourceCount} resources checked, ${mandatory} mandatory and ` +
      `${advisory} advisory violation(s)` +
      (evaluation.remediations.length > 0
        ? `, ${evaluation.remediations.length} remediation(s)`
        : ""),
  );
  return lines.join("\n");
}

/** Runs `fn` with whatever is written to stdout sent to stderr instead. */
async function withStdoutOnStderr<T>(fn: () => Promise<T>): Promise<T> {
  const write = process.stdout.write;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof write;
  try {
    return await fn();
  } finally {
    process.stdout.write = write;
  }
}

export async function run(argv: string[]): Promise<number> {
  // Known before parsing succeeds, so that a usage error is JSON too.
  const json = argv.includes("--json");
  /** Every failure: one JSON object on stdout with --json, a message on stderr otherwise. */
  const fail = (
    code: number,
    error: string,
    problems: readonly PolicyConfigProblem[] = [],
    usage = code === 2,
  ) => {
    if (json) {
      console.log(
        escapeJson(
          JSON.stringify({
            ok: false,
            exitCode: code,
            error,
            ...(problems.length ? { problems } : {}),
          }),
        ),
      );
    } else {
      console.error(
        `tls-edge policy: ${error.split("\n").map(safe).join("\n")}${usage ? `\n\n${POLICY_USAGE}` : ""}`,
      );
    }
    return code;
  };
  let values;
  let stack: string;
  let config: PolicyPackConfig = {};
  let stackTags: Record<string, string>;
  try {
    const parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        program: { type: "string" },
        config: { type: "string" },
        tag: { type: "string", multiple: true },
        json: { type: "boolean" },
        preview: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    values = parsed.values;
    if (values.help) {
      console.log(POLICY_USAGE);
      return 0;
    }
    if (parsed.positionals.length !== 1) throw new UsageError("give exactly one stack name");
    stack = parsed.positionals[0]!;
    checkStackArgs(stack, values.program);
    if (values.config) config = readPolicyConfig(values.config);
    stackTags = parseTags(values.tag ?? []);
  } catch (err) {
    if (err instanceof UsageError) return fail(2, err.message, err.problems);
    if (err instanceof InputError) return fail(2, err.message);
    if ((err as { code?: string }).code?.startsWith("ERR_PARSE")) {
      return fail(2, (err as Error).message);
    }
    throw err;
  }
  let evaluation: Evaluation;
  try {
    // By default values computed by providers are typed placeholders, as after `pulumi up`, so
    // that rules see what will be deployed; --preview checks as `pulumi preview` does, where
    // such values are unknown and mandatory rules report that they cannot verify them.
    const program = () =>
      runProgram({
        stack,
        preview: values.preview === true,
        ...(values.program ? { program: values.program } : {}),
      });
    // The program runs in this process: with --json, what it prints goes to stderr, so that
    // stdout holds the one JSON object.
    const result = json ? await withStdoutOnStderr(program) : await program();
    requireResources(result.engine.resources, values.program);
    evaluation = await evaluate(result.engine.resources, {
      stack,
      project: result.project,
      stackTags: { "pulumi:project": result.project, ...stackTags },
      config,
    });
  } catch (err) {
    // A stack file or program that cannot be used is named with its path; no usage text.
    return fail(
      err instanceof InputError ? 2 : 1,
      `${stack}: ${(err as Error).message}`,
      [],
      false,
    );
  }
  if (values.json) {
    console.log(JSON.stringify({ violations: evaluation.violations }, null, 2));
  } else {
    console.log(formatReport(stack, evaluation));
  }
  return evaluation.violations.some((v) => v.enforcementLevel === "mandatory") ? 1 : 0;
}
