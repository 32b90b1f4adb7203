/**
 * The inspection core: for each target, a verifying handshake and a TLS 1.0/1.1 probe, read
 * into one result with its problems. Targets run concurrently, a bounded number at a time.
 */
import { isIP } from "node:net";
import type { PeerCertificate } from "node:tls";
import {
  classifyHandshakeError,
  daysLeft,
  findProblems,
  formatName,
  ProblemCode,
  shortName,
  type Problem,
} from "./problems";
import { handshake, probeContexts, type ProbeContexts } from "./probe";
import type { Target } from "./targets";

export interface InspectOptions {
  /** SNI for every target. @default each target's host (none for IP addresses) */
  readonly servername?: string;
  /** Extra trusted roots (PEM text), on top of the system roots. */
  readonly caPem?: readonly string[];
  /** Report EXPIRING below this many days left. @default 15 */
  readonly warnDays?: number;
  /** Per handshake. @default 5000 */
  readonly timeoutMs?: number;
  /** Targets inspected at once. @default 32 */
  readonly concurrency?: number;
  /** Connect here instead of each target's own address (SNI and name checks keep the target). */
  readonly connectTo?: { readonly host: string; readonly port?: number };
  /** The clock, for tests. @default the system clock */
  readonly now?: () => Date;
}

/** What one target serves. */
export interface InspectResult {
  readonly target: string;
  readonly servername: string | null;
  readonly ok: boolean;
  readonly problems: readonly Problem[];
  readonly daysLeft: number | null;
  readonly subject: string | null;
  readonly issuer: string | null;
  /** Short issuer name (CN, else O) for tables. */
  readonly issuerName: string | null;
  readonly sans: readonly string[];
  readonly notAfter: string | null;
  readonly protocol: string | null;
}

export const DEFAULT_WARN_DAYS = 15;
export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_CONCURRENCY = 32;

/** `DNS:a, IP Address:1.2.3.4` → `["a", "1.2.3.4"]`. */
export function sansOf(cert: PeerCertificate): string[] {
  if (!cert.subjectaltname) return [];
  return cert.subjectaltname
    .split(", ")
    .map((entry) => entry.slice(entry.indexOf(":") + 1))
    .filter((name) => name.length > 0);
}

function noHandshake(target: Target, servername: string | null, problem: Problem): InspectResult {
  return {
    target: target.label,
    servername,
    ok: false,
    problems: [problem],
    daysLeft: null,
    subject: null,
    issuer: null,
    issuerName: null,
    sans: [],
    notAfter: null,
    protocol: null,
  };
}

/** Inspects one target with contexts built by the caller. */
export async function inspectTarget(
  target: Target,
  contexts: ProbeContexts,
  options: InspectOptions = {},
): Promise<InspectResult> {
  const servername = options.servername ?? (isIP(target.host) ? undefined : target.host);
  const probe = {
    address: options.connectTo?.host ?? target.host,
    port: options.connectTo?.port ?? target.port,
    servername,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
  const [main, weak] = await Promise.allSettled([
    handshake(probe, contexts.verify),
    handshake(probe, contexts.weak),
  ]);
  const weakProtocol = weak.status === "fulfilled" ? (weak.value.protocol ?? "TLSv1") : undefined;
  if (main.status === "rejected") {
    const where = `${probe.address}:${probe.port}`;
    const problem = classifyHandshakeError(main.reason as Error, where);
    const result = noHandshake(target, servername ?? null, problem);
    if (!weakProtocol) return result;
    // A server that speaks only TLS 1.0/1.1 is reachable, just not by a modern client.
    return {
      ...result,
      problems: [
        { code: ProblemCode.weakProtocol, message: `accepts ${weakProtocol}` },
        {
          code: ProblemCode.handshakeFailed,
          message: `no TLS 1.2 or 1.3 handshake: ${problem.message}`,
        },
      ],
    };
  }
  const { chain, authorized, authorizationError, protocol } = main.value;
  const now = (options.now ?? (() => new Date()))();
  const problems = findProblems({
    chain,
    authorized,
    ...(authorizationError ? { authorizationError } : {}),
    name: servername ?? target.host,
    ...(weakProtocol ? { weakProtocol } : {}),
    now,
    warnDays: options.warnDays ?? DEFAULT_WARN_DAYS,
  });
  const leaf = chain[0];
  return {
    target: target.label,
    servername: servername ?? null,
    ok: problems.length === 0,
    problems,
    daysLeft: leaf ? daysLeft(leaf, now) : null,
    subject: leaf ? formatName(leaf.subject) : null,
    issuer: leaf ? formatName(leaf.issuer) : null,
    issuerName: leaf ? shortName(leaf.issuer) : null,
    sans: leaf ? sansOf(leaf) : [],
    notAfter: leaf ? new Date(leaf.valid_to).toISOString() : null,
    protocol,
  };
}

/** Inspects every target, `concurrency` at a time; results come back in the targets' order. */
export async function inspectTargets(
  targets: readonly Target[],
  options: InspectOptions = {},
): Promise<InspectResult[]> {
  const contexts = probeContexts(options.caPem);
  const results = new Array<InspectResult>(targets.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const index = next++;
      results[index] = await inspectTarget(targets[index]!, contexts, options);
    }
  };
  const width = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, targets.length));
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}
