/**
 * `tls-edge rehearse`: runs a real DNS-01 order against an ACME directory (staging by default),
 * through the DNS provider production will use, then removes every TXT record it created.
 */
import { parseArgs } from "node:util";
import { readCaFile } from "./ca-file";
import { escapeForTerminal as safe, escapeJson } from "./terminal";
import {
  RehearsalError,
  RehearsalUsageError,
  rehearse,
  type DnsProvider,
  type RehearsalEvent,
  type RehearsalOptions,
} from "../components/acme";
import {
  RehearsalDnsKind,
  rehearsalDnsProblems,
  rehearsalDnsProvider,
  type RehearsalDnsField,
  type RehearsalDnsSettings,
} from "../components/acme/dns";
import { Problems } from "../components/lib/problems";

export const REHEARSE_USAGE = `usage: tls-edge rehearse --directory <url> --domain <name> [--domain <name> ...]
                        --dns route53|cloudflare|challtestsrv [options]

Orders a certificate with DNS-01 from the directory, publishing the TXT records through the DNS
provider, checks the certificate, and removes every TXT record it created, pass or fail.
Production directories are refused unless --allow-production.

options:
  --directory <url>         ACME directory URL (e.g. Let's Encrypt staging)
  --domain <name>           a name to order (repeat; "*.example.com" for a wildcard)
  --dns <provider>          route53 | cloudflare | challtestsrv
  --hosted-zone-id <id>     Route53 hosted zone: Z..., /hostedzone/Z... or its ARN
                            (credentials: the AWS default chain)
  --zone-id <id>            Cloudflare zone id, 32 hex characters (token: CLOUDFLARE_API_TOKEN)
  --challtestsrv-url <url>  pebble-challtestsrv management URL (e.g. http://127.0.0.1:8055)
  --challtestsrv-dns <ip:port>  its DNS server (default: the management host, port 8053)
  --ca-file <pem>           extra CA to trust for the directory's HTTPS (e.g. Pebble's)
  --eab-kid <kid>           external account binding key id
  --eab-hmac-key <key>      external account binding HMAC key (base64url)
  --email <address>         account contact
  --allow-production        rehearse against a production directory anyway
  --timeout <seconds>       overall limit (default 300, at most 3600)
  --json                    print one JSON result instead of progress lines

exit codes: 0 passed, 1 rehearsal failed, 2 usage error (including a refused production directory)`;

/** One hour: a rehearsal waits on DNS for minutes at most, and Node.js timers stop at 2^31-1 ms. */
export const MAX_TIMEOUT_S = 3600;

const OPTIONS = {
  directory: { type: "string" },
  domain: { type: "string", multiple: true },
  dns: { type: "string" },
  "hosted-zone-id": { type: "string" },
  "zone-id": { type: "string" },
  "challtestsrv-url": { type: "string" },
  "challtestsrv-dns": { type: "string" },
  "ca-file": { type: "string" },
  "eab-kid": { type: "string" },
  "eab-hmac-key": { type: "string" },
  email: { type: "string" },
  "allow-production": { type: "boolean" },
  timeout: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>["values"];

class UsageError extends Error {}

/** The flag that sets each DNS setting. */
const DNS_FLAGS: Record<RehearsalDnsField | "provider", string> = {
  provider: "--dns",
  hostedZoneId: "--hosted-zone-id",
  zoneId: "--zone-id",
  managementUrl: "--challtestsrv-url",
  dnsServer: "--challtestsrv-dns",
};

function dnsProvider(v: Values): DnsProvider {
  if (!v.dns || !(Object.values(RehearsalDnsKind) as string[]).includes(v.dns)) {
    throw new UsageError(
      `--dns must be one of ${Object.values(RehearsalDnsKind).join(", ")}${v.dns ? ` (got "${v.dns}")` : ""}`,
    );
  }
  const settings: RehearsalDnsSettings = {
    provider: v.dns as RehearsalDnsKind,
    ...(v["hosted-zone-id"] !== undefined ? { hostedZoneId: v["hosted-zone-id"] } : {}),
    ...(v["zone-id"] !== undefined ? { zoneId: v["zone-id"] } : {}),
    ...(v["challtestsrv-url"] !== undefined ? { managementUrl: v["challtestsrv-url"] } : {}),
    ...(v["challtestsrv-dns"] !== undefined ? { dnsServer: v["challtestsrv-dns"] } : {}),
  };
  // The same checks as AcmeRehearsal's, before anything is published.
  const problems = new Problems();
  rehearsalDnsProblems(problems, settings, (field) => DNS_FLAGS[field]);
  if (problems.any) throw new UsageError(problems.lines.join("; "));
  try {
    return rehearsalDnsProvider(settings);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Builds the rehearsal's options from the command line; throws UsageError. */
export function rehearsalOptions(v: Values): Omit<RehearsalOptions, "onEvent"> {
  if (!v.directory) throw new UsageError("--directory is required");
  if (!v.domain?.length) throw new UsageError("at least one --domain is required");
  if (Boolean(v["eab-kid"]) !== Boolean(v["eab-hmac-key"])) {
    throw new UsageError("--eab-kid and --eab-hmac-key go together");
  }
  const timeout = v.timeout === undefined ? 300 : Number(v.timeout);
  if (!(timeout > 0)) throw new UsageError(`--timeout must be a positive number of seconds`);
  if (timeout > MAX_TIMEOUT_S) {
    throw new UsageError(`--timeout must be at most ${MAX_TIMEOUT_S} seconds, not ${timeout}`);
  }
  let caPem: string | undefined;
  if (v["ca-file"]) {
    try {
      caPem = readCaFile(v["ca-file"]);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  return {
    directoryUrl: v.directory,
    domains: v.domain,
    dns: dnsProvider(v),
    timeoutMs: timeout * 1000,
    allowProduction: v["allow-production"] ?? false,
    ...(caPem ? { caPem } : {}),
    ...(v.email ? { email: v.email } : {}),
    ...(v["eab-kid"] && v["eab-hmac-key"]
      ? { externalAccountBinding: { kid: v["eab-kid"], hmacKey: v["eab-hmac-key"] } }
      : {}),
  };
}

function eventLine(e: RehearsalEvent): string {
  const mark = e.status === "ok" ? "ok  " : "FAIL";
  const where = (e.domain ?? "").padEnd(28);
  // Details quote what the CA and DNS servers said: escaped, like everything from outside.
  return `  ${mark} ${e.step.padEnd(10)} ${safe(where)} ${String(e.ms).padStart(6)} ms${e.detail ? `  ${safe(e.detail)}` : ""}`;
}

export async function run(argv: string[]): Promise<number> {
  let values: Values;
  try {
    values = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false }).values;
  } catch (err) {
    console.error(`tls-edge rehearse: ${(err as Error).message}\n\n${REHEARSE_USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(REHEARSE_USAGE);
    return 0;
  }
  const json = values.json ?? false;
  const fail = (code: number, error: string, domain?: string, step?: string): number => {
    if (json) {
      console.log(
        escapeJson(
          JSON.stringify({ ok: false, error, domain: domain ?? null, ...(step ? { step } : {}) }),
        ),
      );
    } else {
      console.error(
        `tls-edge rehearse: ${safe(error)}${code === 2 ? `\n\n${REHEARSE_USAGE}` : ""}`,
      );
    }
    return code;
  };
  let options: Omit<RehearsalOptions, "onEvent">;
  try {
    options = rehearsalOptions(values);
  } catch (err) {
    if (err instanceof UsageError) return fail(2, err.message);
    throw err;
  }
  if (!json)
    console.log(`rehearsing ${options.domains.join(", ")} against ${options.directoryUrl}`);
  try {
    const result = await rehearse({
      ...options,
      onEvent: json ? undefined : (e) => console.log(eventLine(e)),
    });
    const { certificate } = result;
    if (json) {
      console.log(
        escapeJson(
          JSON.stringify({
            ok: true,
            directory: result.directoryUrl,
            domains: result.domains,
            certificate: {
              notAfter: certificate.notAfter,
              issuer: certificate.issuer,
              sans: certificate.sans,
            },
            durationMs: result.durationMs,
          }),
        ),
      );
    } else {
      console.log(
        `\nrehearsal passed in ${result.durationMs} ms: certificate for ${safe(certificate.sans.join(", "))}` +
          `\n  issuer ${safe(certificate.issuer)}, expires ${certificate.notAfter}, chain of ${certificate.chainLength}` +
          `\n  every TXT record created was removed`,
      );
    }
    return 0;
  } catch (err) {
    if (err instanceof RehearsalUsageError) return fail(2, err.message);
    if (err instanceof RehearsalError) {
      if (!json) console.error(`\n${safe(err.message)}`);
      return json ? fail(1, err.message, err.domain, err.step) : 1;
    }
    return fail(1, (err as Error).message);
  }
}
