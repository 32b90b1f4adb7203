/**
 * Pebble for tests: starts `pebble-challtestsrv` and `pebble` on free loopback ports with a
 * generated config and TLS certificate, waits until both answer, and stops them (also when the
 * test process exits early). Without pebble the tests skip, except under CI=true where a
 * missing pebble is a failure.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./ports";

export const PEBBLE_MISSING = "pebble is not installed: apt-get install pebble";
const OPENSSL_MISSING = "openssl is not installed: apt-get install openssl";

const has = (bin: string): boolean => spawnSync("which", [bin]).status === 0;

/**
 * For `describe(name, { skip: skipWithoutPebble() }, ...)`: false when pebble (and openssl, for
 * its certificate) are installed, else the reason to skip. Under CI=true it throws instead.
 */
export function skipWithoutPebble(): string | false {
  const missing = !has("pebble") || !has("pebble-challtestsrv") ? PEBBLE_MISSING : undefined;
  const reason = missing ?? (has("openssl") ? undefined : OPENSSL_MISSING);
  if (!reason) return false;
  if (process.env.CI === "true") throw new Error(`${reason} (required under CI)`);
  return reason;
}

export interface PebbleOptions {
  /** Extra environment for pebble, e.g. `{ PEBBLE_WFE_NONCEREJECT: "50" }`. */
  readonly env?: Readonly<Record<string, string>>;
  /** External account MAC keys (kid → base64url key); makes EAB required. */
  readonly eabKeys?: Readonly<Record<string, string>>;
  /**
   * The DNS server pebble resolves and validates through (`-dnsserver`), host:port, e.g. a
   * BIND from dns-server.ts. @default challtestsrv's DNS server
   */
  readonly dnsServer?: string;
}

export interface Pebble {
  readonly directoryUrl: string;
  /** The CA certificate (self-signed) pebble serves its API with. */
  readonly caFile: string;
  readonly caPem: string;
  /** challtestsrv management URL (`/set-txt`, `/clear-txt`). */
  readonly challtestsrvUrl: string;
  /** Pebble's management API (`/roots/0`, `/intermediates/0`: the CA it issues from). */
  readonly managementUrl: string;
  /** The DNS server pebble resolves through, host:port: `options.dnsServer` or challtestsrv's. */
  readonly dnsServer: string;
  /** What pebble and challtestsrv printed, for failure messages. */
  logs(): string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHook = false;

function start(bin: string, args: string[], env: NodeJS.ProcessEnv, log: string[]): ChildProcess {
  const child = spawn(bin, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d: Buffer) => log.push(d.toString()));
  child.stderr!.on("data", (d: Buffer) => log.push(d.toString()));
  child.once("exit", () => running.delete(child));
  running.add(child);
  if (!exitHook) {
    process.once("exit", () => running.forEach((c) => c.kill("SIGKILL")));
    exitHook = true;
  }
  return child;
}

async function until(what: string, check: () => Promise<boolean>, logs: () => string) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not start:\n${logs()}`);
}

const tcpOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, "127.0.0.1", () => (s.end(), resolve(true)));
    s.once("error", () => resolve(false));
  });

const httpsOk = (url: string, ca: string) =>
  new Promise<boolean>((resolve) => {
    const req = request(url, { ca }, (res) => (res.resume(), resolve(res.statusCode === 200)));
    req.once("error", () => resolve(false));
    req.end();
  });

/** Starts challtestsrv and pebble; call `stop()` in an `after` hook. */
export async function startPebble(options: PebbleOptions = {}): Promise<Pebble> {
  const reason = skipWithoutPebble();
  if (reason) throw new Error(reason);
  const dir = mkdtempSync(join(tmpdir(), "tls-edge-pebble-"));
  const [acmePort, mgmtPort, dnsPort, ctsPort, httpPort, tlsPort] = await Promise.all(
    Array.from({ length: 6 }, freePort),
  );
  const caFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  const openssl = spawnSync("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    keyFile,
    "-out",
    caFile,
    "-days",
    "2",
    "-subj",
    "/CN=localhost",
    "-addext",
    "subjectAltName=DNS:localhost,IP:127.0.0.1",
  ]);
  if (openssl.status !== 0) throw new Error(`openssl failed: ${openssl.stderr.toString()}`);
  const eab = options.eabKeys ?? {};
  writeFileSync(
    join(dir, "pebble.json"),
    JSON.stringify({
      pebble: {
        listenAddress: `127.0.0.1:${acmePort}`,
        managementListenAddress: `127.0.0.1:${mgmtPort}`,
        certificate: caFile,
        privateKey: keyFile,
        httpPort,
        tlsPort,
        ocspResponderURL: "",
        externalAccountBindingRequired: Object.keys(eab).length > 0,
        ...(Object.keys(eab).length > 0 ? { externalAccountMACKeys: eab } : {}),
      },
    }),
  );
  const log: string[] = [];
  const logs = () => log.join("");
  const cts = start(
    "pebble-challtestsrv",
    [
      "-defaultIPv6",
      "",
      "-defaultIPv4",
      "127.0.0.1",
      "-dns01",
      `127.0.0.1:${dnsPort}`,
      "-http01",
      "",
      "-https01",
      "",
      "-tlsalpn01",
      "",
      "-management",
      `127.0.0.1:${ctsPort}`,
    ],
    process.env,
    log,
  );
  const dnsServer = options.dnsServer ?? `127.0.0.1:${dnsPort}`;
  const pebble = start(
    "pebble",
    ["-config", join(dir, "pebble.json"), "-dnsserver", dnsServer],
    { ...process.env, PEBBLE_VA_NOSLEEP: "1", PEBBLE_WFE_NONCEREJECT: "0", ...options.env },
    log,
  );
  const caPem = readFileSync(caFile, "utf8");
  const directoryUrl = `https://127.0.0.1:${acmePort}/dir`;
  const stop = async () => {
    for (const child of [pebble, cts]) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await until("pebble-challtestsrv", () => tcpOpen(ctsPort), logs);
    await until("pebble", () => httpsOk(directoryUrl, caPem), logs);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    directoryUrl,
    caFile,
    caPem,
    challtestsrvUrl: `http://127.0.0.1:${ctsPort}`,
    managementUrl: `https://127.0.0.1:${mgmtPort}`,
    dnsServer,
    logs,
    stop,
  };
}
