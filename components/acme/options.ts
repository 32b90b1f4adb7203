/**
 * The rehearsal's options, their validation, and the errors and events it reports.
 */
import { ACME_DIRECTORIES, acmeEnvironment, stagingTwinOf } from "../known";
import { isRawUrlBase64 } from "../lib/base64";
import { hostProblem } from "../lib/hosts";
import { Problems } from "../lib/problems";
import type { DnsProvider } from "./dns/provider";

/** The steps of a rehearsal, in order. */
export const RehearsalStep = {
  account: "account",
  order: "order",
  publish: "publish",
  propagate: "propagate",
  validate: "validate",
  finalize: "finalize",
  download: "download",
  verify: "verify",
  cleanup: "cleanup",
} as const;
export type RehearsalStep = (typeof RehearsalStep)[keyof typeof RehearsalStep];

export const RehearsalStatus = { ok: "ok", failed: "failed" } as const;
export type RehearsalStatus = (typeof RehearsalStatus)[keyof typeof RehearsalStatus];

/** One finished step (per domain where the step is per domain). */
export interface RehearsalEvent {
  readonly step: RehearsalStep;
  readonly domain?: string;
  readonly status: RehearsalStatus;
  /** How long the step took. */
  readonly ms: number;
  readonly detail?: string;
}

/** ACME external account binding (ZeroSSL, Google, Sectigo, Pebble with EAB required). */
export interface ExternalAccountBinding {
  readonly kid: string;
  /** The HMAC key, base64url as the CA hands it out. */
  readonly hmacKey: string;
}

export interface RehearsalOptions {
  /** ACME directory URL; known production directories are refused unless `allowProduction`. */
  readonly directoryUrl: string;
  /** Names to order: the certificate must cover each; `*.` wildcards allowed. */
  readonly domains: readonly string[];
  /** Where the `_acme-challenge` TXT records go. */
  readonly dns: DnsProvider;
  /** Extra CA (PEM) trusted for the directory's HTTPS, e.g. Pebble's. @default system roots */
  readonly caPem?: string;
  /** @default none */
  readonly externalAccountBinding?: ExternalAccountBinding;
  /** Account contact. @default none */
  readonly email?: string;
  /** Rehearse against a production directory anyway (uses its rate limits). @default false */
  readonly allowProduction?: boolean;
  /** Overall limit, cleanup excluded. @default 300000 */
  readonly timeoutMs?: number;
  /** Called as each step finishes. */
  readonly onEvent?: (event: RehearsalEvent) => void;
}

/** Bad options: the caller's mistake (the CLI exits 2), not a failed rehearsal. */
export class RehearsalUsageError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid rehearsal options:\n  ${problems.join("\n  ")}`);
    this.name = "RehearsalUsageError";
  }
}

/** A rehearsal that ran and failed: names the step, the domain when one is concerned. */
export class RehearsalError extends Error {
  constructor(
    readonly step: RehearsalStep,
    readonly domain: string | undefined,
    readonly detail: string,
    /** Records that could not be removed, one message each (they need manual cleanup). */
    readonly cleanupErrors: readonly string[] = [],
  ) {
    super(
      `rehearsal failed at ${step}${domain ? ` for ${domain}` : ""}: ${detail}` +
        (cleanupErrors.length ? `; cleanup also failed: ${cleanupErrors.join("; ")}` : ""),
    );
    this.name = "RehearsalError";
  }
}

const PATH = "RehearsalOptions";

/** Problems with a directory URL (`path` names the property in messages). */
export function directoryProblems(
  p: Problems,
  path: string,
  directoryUrl: string,
  allowProduction?: boolean,
): void {
  let url: URL;
  try {
    url = new URL(directoryUrl);
  } catch {
    p.add(
      path,
      `"${directoryUrl}" is not a URL`,
      `pass the CA's ACME directory URL, e.g. ${ACME_DIRECTORIES.letsencryptStaging}`,
    );
    return;
  }
  if (url.protocol !== "https:") {
    p.add(
      path,
      `"${directoryUrl}" is not https`,
      "ACME (RFC 8555) requires HTTPS, use the https:// URL",
    );
    return;
  }
  if (acmeEnvironment(directoryUrl) === "production" && !allowProduction) {
    const twin = stagingTwinOf(directoryUrl);
    p.add(
      path,
      `"${directoryUrl}" is a production directory`,
      (twin
        ? `rehearse against its staging directory ${twin}`
        : "rehearse against a staging directory") +
        " or pass allowProduction (--allow-production) to spend production rate limits",
    );
  }
}

/** Problems with the names to order (`path` names the property in messages). */
export function domainsProblems(p: Problems, path: string, domains: readonly string[]): void {
  if (domains.length === 0) {
    p.add(path, "is empty", "pass at least one name to order");
    return;
  }
  const seen = new Set<string>();
  domains.forEach((domain, i) => {
    // ACME identifiers are compared without regard to case (RFC 8555 §7.1.4).
    const name = domain.toLowerCase();
    const problem = hostProblem(name);
    if (problem) {
      p.add(
        `${path}[${i}]`,
        `"${domain}" ${problem}`,
        `pass a name like "app.example.com" or "*.example.com"`,
      );
    } else if (seen.has(name)) {
      p.add(`${path}[${i}]`, `"${domain}" is listed twice`, `list each name once`);
    }
    seen.add(name);
  });
}

/** Checks the options; throws one RehearsalUsageError listing every problem. */
export function validateRehearsalOptions(options: RehearsalOptions): void {
  const p = new Problems();
  directoryProblems(p, `${PATH}.directoryUrl`, options.directoryUrl, options.allowProduction);
  domainsProblems(p, `${PATH}.domains`, options.domains);
  const eab = options.externalAccountBinding;
  if (eab && (!eab.kid || !eab.hmacKey)) {
    p.add(
      `${PATH}.externalAccountBinding`,
      `needs both kid and hmacKey`,
      `pass both (--eab-kid and --eab-hmac-key) or neither`,
    );
  } else if (eab && !isRawUrlBase64(eab.hmacKey)) {
    // cert-manager reads the key this way; a key it would refuse fails the rehearsal too.
    p.add(
      `${PATH}.externalAccountBinding.hmacKey`,
      "is not unpadded base64url",
      "pass the HMAC key exactly as the CA shows it (letters, digits, '-' and '_', no '=')",
    );
  }
  if (options.timeoutMs !== undefined && !(options.timeoutMs > 0)) {
    p.add(
      `${PATH}.timeoutMs`,
      `${options.timeoutMs} is not positive`,
      `pass a duration in milliseconds, e.g. 300000`,
    );
  }
  if (p.any) throw new RehearsalUsageError(p.lines);
}
