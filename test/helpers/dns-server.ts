/**
 * BIND 9 for tests: starts `named` as the current user on 127.0.0.1 and a free port, with a
 * generated config in a temporary folder: one primary zone that takes dynamic updates (RFC 2136)
 * signed with a generated TSIG key (hmac-sha256), no recursion. Waits until the zone answers and
 * stops the server's process group in `stop()` and when the test process exits. Without named
 * the tests skip, except under CI=true where a missing server is a failure.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Resolver } from "node:dns/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./ports";

export const BIND_MISSING =
  "BIND 9 is not installed: apt-get install bind9 bind9-dnsutils (named, tsig-keygen, nsupdate)";

/** The lab zone the tests and the lab stack use (`.test` is reserved for testing, RFC 2606). */
export const LAB_ZONE = "lab.tls-edge.test";

/** A program on PATH, or in the sbin folders a non-root PATH often lacks. */
export function findProgram(name: string): string | undefined {
  const which = spawnSync("which", [name], { encoding: "utf8" });
  if (which.status === 0) return which.stdout.trim();
  return ["/usr/sbin", "/sbin", "/usr/local/sbin"]
    .map((dir) => join(dir, name))
    .find((file) => existsSync(file));
}

/**
 * For `describe(name, { skip: skipWithoutBind() }, ...)`: false when named, tsig-keygen and
 * nsupdate are installed, else the reason to skip. Under CI=true it throws instead.
 */
export function skipWithoutBind(): string | false {
  if (["named", "tsig-keygen", "nsupdate"].every((p) => findProgram(p) !== undefined)) {
    return false;
  }
  if (process.env.CI === "true") throw new Error(`${BIND_MISSING} (required under CI)`);
  return BIND_MISSING;
}

export interface DnsServerOptions {
  /** The zone to serve. @default LAB_ZONE */
  readonly zone?: string;
  /** The TSIG key's name. @default "tls-edge-lab" */
  readonly keyName?: string;
}

export interface DnsServer {
  /** Where the server listens (UDP and TCP), `127.0.0.1:PORT`. */
  readonly address: string;
  readonly port: number;
  /** The primary zone, without a trailing dot. */
  readonly zone: string;
  /** The TSIG key allowed to update the zone. */
  readonly keyName: string;
  /** Its algorithm, as cert-manager names it. */
  readonly algorithm: "HMACSHA256";
  /** Its secret, base64 as tsig-keygen prints it. */
  readonly secret: string;
  /** What named printed, for failure messages. */
  logs(): string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHook = false;

/** Signals the whole process group named runs in (it is started as a group leader). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}

/** Generates a TSIG key with tsig-keygen and returns its secret. */
export function tsigKeygen(name: string): string {
  const run = spawnSync(findProgram("tsig-keygen")!, ["-a", "hmac-sha256", name], {
    encoding: "utf8",
  });
  const secret = /secret "([^"]+)"/.exec(run.stdout)?.[1];
  if (run.status !== 0 || !secret) throw new Error(`tsig-keygen failed: ${run.stderr}`);
  return secret;
}

/** Starts named; call `stop()` in an `after` hook. */
export async function startDnsServer(options: DnsServerOptions = {}): Promise<DnsServer> {
  const reason = skipWithoutBind();
  if (reason) throw new Error(reason);
  const zone = options.zone ?? LAB_ZONE;
  const keyName = options.keyName ?? "tls-edge-lab";
  const secret = tsigKeygen(keyName);
  const dir = mkdtempSync(join(tmpdir(), "tls-edge-bind-"));
  const port = await freePort();
  writeFileSync(
    join(dir, "zone.db"),
    [
      "$TTL 60",
      `@ IN SOA ns.${zone}. hostmaster.${zone}. 1 3600 600 86400 60`,
      `@ IN NS ns.${zone}.`,
      "ns IN A 127.0.0.1",
      "@ IN A 127.0.0.1",
      "* IN A 127.0.0.1",
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(dir, "named.conf"),
    `key "${keyName}" {
  algorithm hmac-sha256;
  secret "${secret}";
};
options {
  directory "${dir}";
  pid-file "${join(dir, "named.pid")}";
  session-keyfile "${join(dir, "session.key")}";
  managed-keys-directory "${dir}";
  listen-on port ${port} { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  allow-query { any; };
  dnssec-validation no;
  notify no;
};
controls { };
zone "${zone}" {
  type primary;
  file "${join(dir, "zone.db")}";
  allow-update { key "${keyName}"; };
};
`,
  );
  const log: string[] = [];
  const logs = () => log.join("");
  // -g: foreground, log to stderr; no -u: it runs as the current user.
  const child = spawn(findProgram("named")!, ["-g", "-n", "1", "-c", join(dir, "named.conf")], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => log.push(d.toString()));
  child.stderr!.on("data", (d: Buffer) => log.push(d.toString()));
  running.add(child);
  child.once("exit", () => running.delete(child));
  if (!exitHook) {
    process.once("exit", () => running.forEach((c) => killGroup(c, "SIGKILL")));
    exitHook = true;
  }
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      killGroup(child, "SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const resolver = new Resolver({ timeout: 500, tries: 1 });
  resolver.setServers([`127.0.0.1:${port}`]);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const soa = await resolver.resolveSoa(zone).catch(() => undefined);
    if (soa) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`named did not start:\n${logs()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    address: `127.0.0.1:${port}`,
    port,
    zone,
    keyName,
    algorithm: "HMACSHA256",
    secret,
    logs,
    stop,
  };
}

export interface NsupdateResult {
  readonly ok: boolean;
  readonly output: string;
}

/**
 * Sends one dynamic update with nsupdate, signed with `hmac-sha256:<keyName>:<secret>`: each
 * line of `commands` (e.g. `update add _acme-challenge.x.lab.tls-edge.test. 60 TXT "v"`).
 */
export function nsupdate(
  server: Pick<DnsServer, "port" | "zone">,
  key: { readonly name: string; readonly secret: string },
  commands: readonly string[],
): NsupdateResult {
  const script = [
    `server 127.0.0.1 ${server.port}`,
    `zone ${server.zone}.`,
    ...commands,
    "send",
    "",
  ].join("\n");
  const run = spawnSync(
    findProgram("nsupdate")!,
    ["-y", `hmac-sha256:${key.name}:${key.secret}`, "-t", "5"],
    { input: script, encoding: "utf8" },
  );
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}
