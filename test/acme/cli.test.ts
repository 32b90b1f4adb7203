import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { startPebble, skipWithoutPebble, type Pebble } from "../helpers/pebble";
import { txtValues } from "../../components/acme/dns/provider";
import { closedPort } from "./fake-servers";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function tlsEdge(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["bin/tls-edge.js", "rehearse", ...args],
      { env: { ...process.env, ...env }, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const zone = () => `${randomBytes(4).toString("hex")}.test`;

describe("tls-edge rehearse (no server needed)", () => {
  it("refuses Let's Encrypt production without --allow-production (exit 2, JSON)", async () => {
    const run = await tlsEdge([
      "--directory",
      "https://acme-v02.api.letsencrypt.org/directory",
      "--domain",
      "www.example.com",
      "--dns",
      "challtestsrv",
      "--challtestsrv-url",
      "http://127.0.0.1:1",
      "--json",
    ]);
    assert.equal(run.code, 2);
    assert.deepEqual(JSON.parse(run.stdout), {
      ok: false,
      error:
        'invalid rehearsal options:\n  RehearsalOptions.directoryUrl: "https://acme-v02.api.letsencrypt.org/directory" is a production directory; rehearse against its staging directory https://acme-staging-v02.api.letsencrypt.org/directory or pass allowProduction (--allow-production) to spend production rate limits',
      domain: null,
    });
  });

  it("exits 2 on usage errors, with the reason", async () => {
    const cases: [string[], string][] = [
      [["--domain", "a.test", "--dns", "challtestsrv"], "--directory is required"],
      [
        ["--directory", "https://x.test/dir", "--dns", "route53"],
        "at least one --domain is required",
      ],
      [
        ["--directory", "https://x.test/dir", "--domain", "a.test", "--dns", "route53"],
        "--hosted-zone-id: is required for the route53 provider; set it",
      ],
      [
        ["--directory", "https://x.test/dir", "--domain", "a.test", "--dns", "bind"],
        '--dns must be one of route53, cloudflare, challtestsrv (got "bind")',
      ],
      [
        [
          "--directory",
          "https://x.test/dir",
          "--domain",
          "a.test",
          "--dns",
          "cloudflare",
          "--zone-id",
          "0123456789abcdef0123456789abcdef",
        ],
        "cloudflare: no API token; set CLOUDFLARE_API_TOKEN to a token with Zone / DNS / Edit",
      ],
      // Node.js timers fire at once above 2^31-1 ms: bounded, and said so.
      [
        [
          "--directory",
          "https://x.test/dir",
          "--domain",
          "a.test",
          "--dns",
          "challtestsrv",
          "--challtestsrv-url",
          "http://127.0.0.1:8055",
          "--timeout",
          "2147484",
        ],
        "--timeout must be at most 3600 seconds, not 2147484",
      ],
    ];
    for (const [args, error] of cases) {
      const run = await tlsEdge([...args, "--json"], { CLOUDFLARE_API_TOKEN: "" });
      assert.equal(run.code, 2, args.join(" "));
      assert.deepEqual(JSON.parse(run.stdout), { ok: false, error, domain: null });
    }
    const bad = await tlsEdge(["--bogus"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^tls-edge rehearse: Unknown option '--bogus'/);
  });
});

describe("tls-edge rehearse: DNS settings checked before anything is published", () => {
  const base = ["--directory", "https://x.test/dir", "--domain", "a.example.com"];
  const cases: [string[], string][] = [
    [
      ["--dns", "cloudflare", "--zone-id", "zone with spaces"],
      `--zone-id: "zone with spaces" is not a Cloudflare zone id; copy the 32-character hex Zone ID from the zone's Overview page`,
    ],
    [
      ["--dns", "route53", "--hosted-zone-id", "zone with spaces"],
      '--hosted-zone-id: "zone with spaces" is neither a hosted zone id nor a hosted zone ARN; give the id as Route53 shows it (e.g. "Z0123456789ABCDEFGHIJ") or "arn:aws:route53:::hostedzone/<id>"',
    ],
    [
      ["--dns", "challtestsrv", "--challtestsrv-url", "not a url"],
      `--challtestsrv-url: "not a url" is not a URL; give pebble-challtestsrv's -management address, e.g. http://127.0.0.1:8055`,
    ],
    [
      ["--dns", "challtestsrv", "--challtestsrv-url", "file:///etc/passwd"],
      `--challtestsrv-url: "file:///etc/passwd" is not an http(s) URL; give pebble-challtestsrv's -management address, e.g. http://127.0.0.1:8055`,
    ],
    [
      ["--dns", "challtestsrv", "--challtestsrv-url", "http://localhost:8055"],
      '--challtestsrv-dns: not given, and "localhost:8053" (the management host, port 8053) is not an IP address with a port; give the -dns01 address, e.g. 127.0.0.1:8053',
    ],
    [
      // Port 0 aborts Node.js inside Resolver.setServers: refused here first.
      [
        "--dns",
        "challtestsrv",
        "--challtestsrv-url",
        "http://127.0.0.1:8055",
        "--challtestsrv-dns",
        "127.0.0.1:0",
      ],
      `--challtestsrv-dns: "127.0.0.1:0" has a port outside 1-65535; give pebble-challtestsrv's -dns01 address, e.g. 127.0.0.1:8053`,
    ],
    [
      [
        "--dns",
        "challtestsrv",
        "--challtestsrv-url",
        "http://127.0.0.1:8055",
        "--challtestsrv-dns",
        "dns.internal:53",
      ],
      `--challtestsrv-dns: "dns.internal:53" is not an IP address with a port; give pebble-challtestsrv's -dns01 address, e.g. 127.0.0.1:8053`,
    ],
    [
      [
        "--dns",
        "route53",
        "--hosted-zone-id",
        "Z0EXAMPLE",
        "--zone-id",
        "0123456789abcdef0123456789abcdef",
      ],
      "--zone-id: is not used by the route53 provider; drop it",
    ],
  ];
  for (const [args, error] of cases) {
    it(`refuses ${args.slice(1).join(" ")} (exit 2)`, async () => {
      const run = await tlsEdge([...base, ...args, "--json"], { CLOUDFLARE_API_TOKEN: "t" });
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.deepEqual(JSON.parse(run.stdout), { ok: false, error, domain: null });
    });
  }
});

describe("tls-edge rehearse against Pebble", { skip: skipWithoutPebble() }, () => {
  let pebble: Pebble;
  before(async () => {
    pebble = await startPebble();
  });
  after(() => pebble?.stop());
  const common = () => [
    "--directory",
    pebble.directoryUrl,
    "--ca-file",
    pebble.caFile,
    "--dns",
    "challtestsrv",
    "--challtestsrv-url",
    pebble.challtestsrvUrl,
    "--challtestsrv-dns",
    pebble.dnsServer,
  ];

  it("prints the JSON result and exits 0", async () => {
    const z = zone();
    const run = await tlsEdge([...common(), "--domain", `*.${z}`, "--domain", z, "--json"]);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(out), ["ok", "directory", "domains", "certificate", "durationMs"]);
    assert.equal(out.ok, true);
    assert.equal(out.directory, pebble.directoryUrl);
    assert.deepEqual(out.domains, [`*.${z}`, z]);
    assert.deepEqual([...out.certificate.sans].sort(), [`*.${z}`, z].sort());
    assert.match(out.certificate.issuer, /^Pebble Intermediate CA/);
    assert.ok(Date.parse(out.certificate.notAfter) > Date.now());
    assert.equal(typeof out.durationMs, "number");
    assert.deepEqual(await txtValues(pebble.dnsServer, `_acme-challenge.${z}`), []);
  });

  it("prints one line per step, then a summary", async () => {
    const name = `www.${zone()}`;
    const run = await tlsEdge([...common(), "--domain", name]);
    assert.equal(run.code, 0, run.stderr);
    const steps = run.stdout
      .split("\n")
      .map((l) => /^ {2}(ok|FAIL)\s+(\S+)\s+(?:(\S+)\s+)?\d+ ms$/.exec(l))
      .filter((m) => m !== null)
      .map((m) => [m[1], m[2], m[3] ?? null]);
    assert.deepEqual(steps, [
      ["ok", "account", null],
      ["ok", "order", null],
      ["ok", "publish", name],
      ["ok", "propagate", name],
      ["ok", "validate", name],
      ["ok", "finalize", null],
      ["ok", "download", null],
      ["ok", "verify", null],
      ["ok", "cleanup", name],
    ]);
    assert.equal(run.stdout.split("\n")[0], `rehearsing ${name} against ${pebble.directoryUrl}`);
    assert.match(
      run.stdout,
      new RegExp(`rehearsal passed in \\d+ ms: certificate for ${name.replace(/\./g, "\\.")}\\n`),
    );
  });

  it("exits 1 with the failing step in JSON when the directory's certificate is untrusted", async () => {
    const name = `www.${zone()}`;
    // Without --ca-file the directory's certificate is untrusted: the rehearsal fails, not usage.
    const args = common().filter(
      (_, i, all) => all[i] !== "--ca-file" && all[i - 1] !== "--ca-file",
    );
    const run = await tlsEdge([...args, "--domain", name, "--timeout", "20", "--json"]);
    assert.equal(run.code, 1);
    const out = JSON.parse(run.stdout);
    assert.equal(out.ok, false);
    assert.equal(out.step, "account");
    assert.equal(out.domain, null);
    assert.match(
      out.error,
      /^rehearsal failed at account: directory https:\/\/127\.0\.0\.1:\d+\/dir: self[- ]signed certificate; pass the CA that signed its certificate \(caPem, --ca-file\)$/,
    );
  });

  it("exits 1 naming the domain when its TXT record never shows, and cleans up", async () => {
    const name = `www.${zone()}`;
    const args = [...common().slice(0, -1), "127.0.0.1:9"]; // nothing listens there
    // Long enough for account and order on a loaded machine: the DNS wait then ends it.
    const run = await tlsEdge([...args, "--domain", name, "--timeout", "10", "--json"]);
    assert.equal(run.code, 1, run.stderr);
    const { error, ...rest } = JSON.parse(run.stdout) as Record<string, string>;
    assert.deepEqual(rest, { ok: false, domain: name, step: "propagate" });
    // The time the propagate step really waited (the deadline was 3 s from the start).
    const prefix = `rehearsal failed at propagate for ${name}: TXT record _acme-challenge.${name} not visible on 127.0.0.1:9 after `;
    assert.ok(error!.startsWith(prefix), error);
    assert.match(
      error!.slice(prefix.length),
      new RegExp(
        `^\\d+\\.\\ds, at the deadline \\(last error: queryTxt ECONNREFUSED _acme-challenge\\.${name.replace(/\./g, "\\.")}\\)$`,
      ),
    );
    assert.deepEqual(await txtValues(pebble.dnsServer, `_acme-challenge.${name}`), []);
  });

  it("exits 1 at publish naming the challtestsrv request when nothing listens there", async () => {
    const name = `www.${zone()}`;
    const port = await closedPort();
    const args = common().map((a) =>
      a === pebble.challtestsrvUrl ? `http://127.0.0.1:${port}` : a,
    );
    const run = await tlsEdge([...args, "--domain", name, "--json"]);
    assert.equal(run.code, 1, run.stderr);
    const out = JSON.parse(run.stdout) as Record<string, string>;
    assert.equal(out["step"], "publish");
    assert.equal(out["domain"], name);
    const prefix = `rehearsal failed at publish for ${name}: challtestsrv: publish TXT _acme-challenge.${name}: POST http://127.0.0.1:${port}/set-txt failed after `;
    assert.ok(out["error"]!.startsWith(prefix), out["error"]);
    assert.match(
      out["error"]!.slice(prefix.length),
      new RegExp(
        `^\\d+ ms: connection refused, nothing listens there \\(ECONNREFUSED\\); check that pebble-challtestsrv runs with -management 127\\.0\\.0\\.1:${port}$`,
      ),
    );
  });
});
