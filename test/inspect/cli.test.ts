import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Pki, type Issued } from "../helpers/pki";
import { closedPort, serve, type TestServer } from "./servers";

const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "bin", "tls-edge.js");
const PROGRAM = join(__dirname, "fixtures", "hosts-program.ts");
const HOST = "app.example.test";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `tls-edge inspect ...` as a user would. */
function inspect(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, "inspect", ...args],
      { cwd: ROOT, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const pki = new Pki();
const root = pki.selfSigned("root", { cn: "tls-edge CLI Root", ca: true });
const servers: TestServer[] = [];
let clean: Issued;
let cleanPort: number;
let fakePort: number;
let refusedPort: number;
let BAD_CA: { directory: string; corrupt: string; key: string; truncated: string };

before(async () => {
  clean = pki.leaf("clean", root, { cn: HOST, sans: [HOST, "gw.example.test"] });
  const fake = pki.selfSigned("fake", { cn: "TRAEFIK DEFAULT CERT" });
  // One controller for the fixture's hosts: known names get their certificate, others the fake.
  const edge = await serve({
    cert: fake,
    sni: { [HOST]: clean, "gw.example.test": clean },
  });
  servers.push(edge);
  cleanPort = edge.port;
  const fakeOnly = await serve({ cert: fake });
  servers.push(fakeOnly);
  fakePort = fakeOnly.port;
  refusedPort = await closedPort();
  const dir = mkdtempSync(join(tmpdir(), "tls-edge-ca-"));
  const good = root.cert.trim();
  // A block whose base64 is damaged in the middle: PEM framing intact, DER broken.
  const lines = good.split("\n");
  lines[3] = lines[3]!.replace(/[A-Za-z]/g, "A").slice(0, 40);
  const write = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  BAD_CA = {
    directory: dir,
    corrupt: write("corrupt.pem", `${good}\n${lines.join("\n")}\n`),
    key: write("key.pem", `${good}\n${clean.key}`),
    truncated: write("truncated.pem", `${good}\n${good.slice(0, good.length / 2)}\n`),
  };
});

after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  pki.dispose();
});

describe("tls-edge inspect (subprocess)", () => {
  it("--json: one entry per target, exit 1 when any has a problem", async () => {
    const run = await inspect(
      `127.0.0.1:${cleanPort}`,
      `127.0.0.1:${refusedPort}`,
      "--servername",
      HOST,
      "--ca-file",
      root.certFile,
      "--json",
    );
    assert.equal(run.code, 1, run.stderr);
    const out = JSON.parse(run.stdout) as Record<string, unknown>[];
    assert.deepEqual(out[0], {
      target: `127.0.0.1:${cleanPort}`,
      servername: HOST,
      ok: true,
      problems: [],
      daysLeft: 89,
      subject: `CN=${HOST}`,
      issuer: "CN=tls-edge CLI Root",
      sans: [HOST, "gw.example.test"],
      notAfter: out[0]!.notAfter,
      protocol: "TLSv1.3",
    });
    assert.match(String(out[0]!.notAfter), /^\d{4}-\d\d-\d\dT/);
    assert.equal(out[1]!.ok, false);
    assert.deepEqual(out[1]!.problems, [
      {
        code: "UNREACHABLE",
        message: `connect ECONNREFUSED 127.0.0.1:${refusedPort}`,
        fix: "Nothing answered. Check DNS for the host, the LoadBalancer Service's external address (kubectl get svc -n <controller namespace>), firewalls, and that the controller listens on this port.",
      },
    ]);
  });

  it("exit 0 and a table when every target is fine", async () => {
    const run = await inspect(
      `127.0.0.1:${cleanPort}`,
      "--servername",
      HOST,
      "--ca-file",
      root.certFile,
    );
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trimEnd().split("\n");
    assert.deepEqual(lines[0]!.split(/\s{2,}/), [
      "TARGET",
      "DAYS",
      "PROTOCOL",
      "ISSUER",
      "PROBLEMS",
    ]);
    assert.deepEqual(lines[1]!.split(/\s{2,}/), [
      `127.0.0.1:${cleanPort}`,
      "89",
      "TLSv1.3",
      "tls-edge CLI Root",
      "ok",
    ]);
    assert.equal(lines.at(-1), "1 target(s), no problems");
  });

  it("prints each problem with its fix", async () => {
    const run = await inspect(`127.0.0.1:${fakePort}`, "--servername", HOST);
    assert.equal(run.code, 1);
    assert.ok(
      run.stdout.includes(
        `FAKE_INGRESS_CERT\n  127.0.0.1:${fakePort}: traefik default certificate "TRAEFIK DEFAULT CERT"\n  fix: The controller found no usable certificate for this host`,
      ),
      run.stdout,
    );
    assert.match(run.stdout, /kubectl describe certificate/);
    assert.equal(run.stdout.trimEnd().split("\n").at(-1), "1 of 1 target(s) with problems");
  });

  it("--from-stack --program: every Ingress and Gateway host, through --connect-to", async () => {
    const run = await inspect(
      "--from-stack",
      "test",
      "--program",
      PROGRAM,
      "--connect-to",
      `127.0.0.1:${cleanPort}`,
      "--ca-file",
      root.certFile,
      "--json",
    );
    assert.equal(run.code, 1, run.stderr);
    const out = JSON.parse(run.stdout) as {
      target: string;
      servername: string;
      problems: { code: string }[];
    }[];
    assert.deepEqual(
      out.map((r) => [r.target, r.servername, r.problems.map((p) => p.code)]),
      [
        ["api.example.test:443", "api.example.test", ["FAKE_INGRESS_CERT"]],
        ["app.example.test:443", "app.example.test", []],
        ["gw.example.test:8443", "gw.example.test", []],
      ],
    );
    assert.match(run.stderr, /skipping wildcard \*\.example\.test \(edge\)/);
  });

  it("exit 2 with the reason on usage errors", async () => {
    const cases: [string[], string][] = [
      [[], "tls-edge inspect: give at least one host[:port], or --from-stack <stack>"],
      [
        ["example.com:99999"],
        'tls-edge inspect: "example.com:99999": port must be a number from 1 to 65535',
      ],
      [
        ["example.com", "--warn-days", "soon"],
        'tls-edge inspect: --warn-days must be a whole number >= 0, not "soon"',
      ],
      [
        ["example.com", "--ca-file", "/nonexistent/ca.pem"],
        "tls-edge inspect: --ca-file /nonexistent/ca.pem does not exist",
      ],
      [["example.com", "--program", PROGRAM], "tls-edge inspect: --program needs --from-stack"],
      // Node.js timers fire at once above 2^31-1 ms: bounded, and said so.
      [
        ["example.com", "--timeout", "2147483648"],
        "tls-edge inspect: --timeout must be at most 600000, not 2147483648",
      ],
      [
        ["example.com", "--ca-file", BAD_CA.directory],
        `tls-edge inspect: --ca-file ${BAD_CA.directory} is a directory: give a PEM file of CA certificates`,
      ],
      [
        ["example.com", "--ca-file", BAD_CA.corrupt],
        `tls-edge inspect: --ca-file ${BAD_CA.corrupt}: certificate 2 is corrupt (it does not parse as X.509): replace it with the CA's PEM certificate`,
      ],
      [
        ["example.com", "--ca-file", BAD_CA.key],
        `tls-edge inspect: --ca-file ${BAD_CA.key}: block 2 is a PRIVATE KEY, not a CERTIFICATE: keep only CA certificates in the file`,
      ],
      [
        ["example.com", "--ca-file", BAD_CA.truncated],
        `tls-edge inspect: --ca-file ${BAD_CA.truncated}: a BEGIN line has no matching END line: the file is truncated or corrupt`,
      ],
      [
        ["--from-stack", "nosuch"],
        "tls-edge inspect: no stack 'nosuch': stacks/Pulumi.nosuch.yaml does not exist (run from the project root, or give --program)",
      ],
      [
        ["example.com", "--bogus"],
        "tls-edge inspect: Unknown option '--bogus'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"--bogus\"",
      ],
    ];
    const runs = await Promise.all(cases.map(([args]) => inspect(...args)));
    runs.forEach((run, i) => {
      assert.equal(run.code, 2, `case ${i}: ${run.stderr}`);
      assert.equal(run.stderr.split("\n")[0], cases[i]![1]);
      assert.match(run.stderr, /usage: tls-edge inspect/);
      assert.equal(run.stdout, "");
    });
  });
});
