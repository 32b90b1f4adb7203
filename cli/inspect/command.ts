/**
 * `tls-edge inspect <host[:port]>...`: what each endpoint really serves (chain, names, dates,
 * protocol, trust) and what to do about each problem.
 */
import { parseArgs } from "node:util";
import { isWildcard } from "../../components/lib/hosts";
import { readCaFile } from "../ca-file";
import { checkStackArgs } from "../offline/inputs";
import { escapeForTerminal, escapeJson } from "../terminal";
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_WARN_DAYS,
  formatHuman,
  inspectTargets,
  parseTarget,
  toJson,
  type InspectOptions,
  type Target,
} from "./index";
import { declaredHosts } from "./declared-hosts";

/** Ten minutes: above 2^31-1 ms Node.js timers fire at once, and no handshake needs longer. */
export const MAX_TIMEOUT_MS = 600_000;

export const INSPECT_USAGE = `usage: tls-edge inspect <host[:port]>... [options]

Connects to each endpoint (port 443 unless given), reads the certificate chain it serves and
reports subject, issuer, names, days left, protocol, whether the chain verifies, and problems:
FAKE_INGRESS_CERT, STAGING_ISSUER, EXPIRED, EXPIRING, NOT_YET_VALID, NAME_MISMATCH, UNTRUSTED,
WEAK_PROTOCOL (TLS 1.0/1.1 still accepted), UNREACHABLE (nothing answered), NOT_TLS (something
answered, not TLS), HANDSHAKE_FAILED (the server refused the handshake), OVERSIZED_CHAIN (a
chain too large for clients). Exit code 0 when no target has a
problem, 1 when any has, 2 on usage errors.

options:
  --servername <sni>       SNI to send to every target (default: the host; none for addresses)
  --ca-file <pem>          also trust these roots (repeatable), e.g. a private CA
  --warn-days <n>          report EXPIRING below n days left (default: ${DEFAULT_WARN_DAYS})
  --timeout <ms>           per handshake (default: ${DEFAULT_TIMEOUT_MS}, at most ${MAX_TIMEOUT_MS})
  --concurrency <n>        targets inspected at once (default: ${DEFAULT_CONCURRENCY})
  --connect-to <host[:port]>  connect there instead, keeping each target's name for SNI and
                           checks (e.g. the load balancer, before DNS points at it)
  --from-stack <stack>     also inspect every host the stack's Ingresses and Gateways declare
  --program <file>         with --from-stack: run this Pulumi program (default: stacks/)
  --json                   print a JSON array instead of the table`;

class UsageError extends Error {}

function positiveInt(
  name: string,
  text: string | undefined,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= min)) {
    throw new UsageError(
      `--${name} must be a whole number >= ${min}, not "${escapeForTerminal(text)}"`,
    );
  }
  if (value > max) throw new UsageError(`--${name} must be at most ${max}, not ${text}`);
  return value;
}

async function stackTargets(stack: string, program: string | undefined): Promise<Target[]> {
  try {
    checkStackArgs(stack, program);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  // Loaded only here: the offline runner installs Pulumi's mocks for the whole process.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runProgram } = require("../offline/run") as typeof import("../offline/run");
  const { engine } = await runProgram({ stack, ...(program ? { program } : {}) });
  const targets: Target[] = [];
  // Sorted: the engine records resources in the order their registrations complete.
  const declared = declaredHosts(engine.resources).sort(
    (a, b) => a.host.localeCompare(b.host) || a.port - b.port,
  );
  for (const d of declared) {
    if (isWildcard(d.host)) {
      console.error(
        `tls-edge inspect: skipping wildcard ${d.host} (${d.resource}): name a host under it`,
      );
      continue;
    }
    targets.push(parseTarget(`${d.host}:${d.port}`));
  }
  if (targets.length === 0) console.error(`tls-edge inspect: stack '${stack}' declares no hosts`);
  return targets;
}

interface Parsed {
  readonly targets: Target[];
  readonly options: InspectOptions;
  readonly json: boolean;
}

async function parse(argv: string[]): Promise<Parsed | "help"> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        servername: { type: "string" },
        "ca-file": { type: "string", multiple: true },
        "warn-days": { type: "string" },
        timeout: { type: "string" },
        concurrency: { type: "string" },
        "connect-to": { type: "string" },
        "from-stack": { type: "string" },
        program: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  if (values.program && !values["from-stack"]) throw new UsageError("--program needs --from-stack");
  const targets = positionals.map((p) => {
    try {
      return parseTarget(p);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  });
  const caPem = (values["ca-file"] ?? []).map((file) => {
    try {
      return readCaFile(file);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  });
  const warnDays = positiveInt("warn-days", values["warn-days"], 0);
  const timeoutMs = positiveInt("timeout", values.timeout, 1, MAX_TIMEOUT_MS);
  const concurrency = positiveInt("concurrency", values.concurrency, 1);
  let connectTo: InspectOptions["connectTo"];
  if (values["connect-to"]) {
    const text = values["connect-to"];
    try {
      const t = parseTarget(text);
      connectTo = /:\d+$/.test(text) ? { host: t.host, port: t.port } : { host: t.host };
    } catch (err) {
      throw new UsageError(`--connect-to ${(err as Error).message}`);
    }
  }
  if (values["from-stack"])
    targets.push(...(await stackTargets(values["from-stack"], values.program)));
  if (positionals.length === 0 && !values["from-stack"]) {
    throw new UsageError("give at least one host[:port], or --from-stack <stack>");
  }
  const unique = [...new Map(targets.map((t) => [t.label, t])).values()];
  return {
    targets: unique,
    json: values.json ?? false,
    options: {
      ...(values.servername ? { servername: values.servername } : {}),
      caPem,
      ...(warnDays !== undefined ? { warnDays } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(concurrency !== undefined ? { concurrency } : {}),
      ...(connectTo ? { connectTo } : {}),
    },
  };
}

/** Runs `tls-edge inspect`; resolves to the exit code. */
export async function run(argv: string[]): Promise<number> {
  let parsed: Parsed | "help";
  try {
    parsed = await parse(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`tls-edge inspect: ${err.message}\n\n${INSPECT_USAGE}`);
    return 2;
  }
  if (parsed === "help") {
    console.log(INSPECT_USAGE);
    return 0;
  }
  const results = await inspectTargets(parsed.targets, parsed.options);
  console.log(
    parsed.json ? escapeJson(JSON.stringify(toJson(results), null, 2)) : formatHuman(results),
  );
  return results.every((r) => r.ok) ? 0 : 1;
}
