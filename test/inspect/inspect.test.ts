import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { inspectTargets, parseTarget, type InspectResult } from "../../cli/inspect/index";
import { Pki, type Issued } from "../helpers/pki";
import { closedPort, serve, silentServer, type TestServer } from "./servers";

const DAY = 24;
const HOST = "app.example.test";

const pki = new Pki();
const root = pki.selfSigned("root", { cn: "tls-edge Test Root", o: "tls-edge tests", ca: true });
const issuing = pki.intermediate("issuing", root, { cn: "tls-edge Test Issuing CA" });
const servers: TestServer[] = [];

async function start(cert: Issued, extra: { legacy?: boolean } = {}): Promise<number> {
  const server = await serve({ cert, ...extra });
  servers.push(server);
  return server.port;
}

function notAfterOf(cert: Issued): string {
  return new Date(new X509Certificate(cert.cert).validTo).toISOString();
}

/** Inspects one loopback server as `HOST`, trusting the test root unless told otherwise. */
async function inspectOne(
  port: number,
  options: { trust?: boolean; servername?: string; warnDays?: number } = {},
): Promise<InspectResult> {
  const [result] = await inspectTargets([parseTarget(`127.0.0.1:${port}`)], {
    servername: options.servername ?? HOST,
    caPem: options.trust === false ? [] : [root.cert],
    ...(options.warnDays !== undefined ? { warnDays: options.warnDays } : {}),
    timeoutMs: 2000,
  });
  return result!;
}

const codes = (r: InspectResult): string[] => r.problems.map((p) => p.code);

describe("inspect against loopback TLS servers", () => {
  after(() => Promise.all(servers.map((s) => s.close())));

  it("reports a clean endpoint with its chain details and no problems", async () => {
    const leaf = pki.leaf("clean", issuing, { cn: HOST, sans: [HOST, "www.example.test"] });
    const result = await inspectOne(await start(leaf));
    assert.deepEqual(result, {
      target: `127.0.0.1:${servers.at(-1)!.port}`,
      servername: HOST,
      ok: true,
      problems: [],
      daysLeft: 89,
      subject: `CN=${HOST}`,
      issuer: "CN=tls-edge Test Issuing CA",
      issuerName: "tls-edge Test Issuing CA",
      sans: [HOST, "www.example.test"],
      notAfter: notAfterOf(leaf),
      protocol: "TLSv1.3",
    });
  });

  it("FAKE_INGRESS_CERT: a controller's built-in certificate, whatever else is wrong with it", async () => {
    const fake = pki.selfSigned("nginx-fake", {
      cn: "Kubernetes Ingress Controller Fake Certificate",
      o: "Acme Co",
      sans: ["ingress.local"],
    });
    const result = await inspectOne(await start(fake));
    assert.deepEqual(result.problems, [
      {
        code: "FAKE_INGRESS_CERT",
        message:
          'ingress-nginx default certificate "Kubernetes Ingress Controller Fake Certificate"',
      },
    ]);
    assert.equal(result.ok, false);
    const traefik = pki.selfSigned("traefik-default", { cn: "TRAEFIK DEFAULT CERT" });
    assert.deepEqual(codes(await inspectOne(await start(traefik))), ["FAKE_INGRESS_CERT"]);
    // The HAProxy chart signs "<release>.<namespace>" with a CA it names kubernetes-ingress-ca.
    const haproxyCa = pki.selfSigned("haproxy-ca", { cn: "kubernetes-ingress-ca", ca: true });
    const haproxy = pki.leaf("haproxy-default", haproxyCa, { cn: "haproxy.haproxy-controller" });
    assert.deepEqual((await inspectOne(await start(haproxy))).problems, [
      {
        code: "FAKE_INGRESS_CERT",
        message: 'haproxy default certificate "haproxy.haproxy-controller"',
      },
    ]);
  });

  it("STAGING_ISSUER: a Pebble chain, trusted or not", async () => {
    const pebbleRoot = pki.selfSigned("pebble-root", { cn: "Pebble Root CA 5d9c2f", ca: true });
    const pebbleInt = pki.intermediate("pebble-int", pebbleRoot, {
      cn: "Pebble Intermediate CA 0b4d2e",
    });
    const port = await start(pki.leaf("pebble-leaf", pebbleInt, { cn: HOST, sans: [HOST] }));
    const [trusted] = await inspectTargets([parseTarget(`127.0.0.1:${port}`)], {
      servername: HOST,
      caPem: [pebbleRoot.cert],
    });
    assert.deepEqual(trusted!.problems, [
      {
        code: "STAGING_ISSUER",
        message: 'issued under the test CA "Pebble Intermediate CA 0b4d2e"',
      },
    ]);
    // Without its root the chain does not verify either; the staging issuer is the cause.
    assert.deepEqual(codes(await inspectOne(port, { trust: false })), ["STAGING_ISSUER"]);
  });

  it("STAGING_ISSUER: Let's Encrypt staging names", async () => {
    const stagingRoot = pki.selfSigned("le-staging-root", {
      cn: "(STAGING) Pretend Pear X1",
      o: "(STAGING) Internet Security Research Group",
      ca: true,
    });
    const port = await start(pki.leaf("le-staging-leaf", stagingRoot, { cn: HOST, sans: [HOST] }));
    const result = await inspectOne(port, { trust: false });
    assert.deepEqual(result.problems, [
      { code: "STAGING_ISSUER", message: 'issued under the test CA "(STAGING) Pretend Pear X1"' },
    ]);
  });

  it("EXPIRED: a leaf past its end", async () => {
    const leaf = pki.leaf("expired", issuing, {
      cn: HOST,
      sans: [HOST],
      notBeforeHours: -100 * DAY,
      notAfterHours: -10 * DAY + 1,
    });
    const result = await inspectOne(await start(leaf));
    assert.deepEqual(result.problems, [
      { code: "EXPIRED", message: `the certificate expired on ${notAfterOf(leaf)}` },
    ]);
    assert.equal(result.daysLeft, -10);
  });

  it("EXPIRING: fewer days left than --warn-days", async () => {
    const leaf = pki.leaf("expiring", issuing, {
      cn: HOST,
      sans: [HOST],
      notAfterHours: 5 * DAY + 1,
    });
    const port = await start(leaf);
    assert.deepEqual((await inspectOne(port)).problems, [
      { code: "EXPIRING", message: "expires in 5 days (warning below 15)" },
    ]);
    assert.deepEqual((await inspectOne(port, { warnDays: 5 })).problems, []);
  });

  it("NOT_YET_VALID: a leaf that starts in the future", async () => {
    const leaf = pki.leaf("future", issuing, { cn: HOST, sans: [HOST], notBeforeHours: 2 * DAY });
    const result = await inspectOne(await start(leaf));
    const from = new Date(new X509Certificate(leaf.cert).validFrom).toISOString();
    assert.deepEqual(result.problems, [
      { code: "NOT_YET_VALID", message: `"${HOST}" is valid only from ${from}` },
    ]);
  });

  it("NAME_MISMATCH: the certificate does not cover the name asked for", async () => {
    const port = await start(pki.leaf("other-name", issuing, { cn: HOST, sans: [HOST] }));
    const result = await inspectOne(port, { servername: "shop.example.test" });
    assert.deepEqual(codes(result), ["NAME_MISMATCH"]);
    assert.match(
      result.problems[0]!.message,
      /shop\.example\.test.*is not in the cert's altnames: DNS:app\.example\.test/,
    );
  });

  it("UNTRUSTED: a private CA's chain without --ca-file", async () => {
    const port = await start(pki.leaf("untrusted", issuing, { cn: HOST, sans: [HOST] }));
    assert.deepEqual((await inspectOne(port, { trust: false })).problems, [
      {
        code: "UNTRUSTED",
        message: "chain does not verify: UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
      },
    ]);
  });

  it("WEAK_PROTOCOL: the server still accepts TLS 1.0/1.1", async () => {
    const leaf = pki.leaf("legacy", issuing, { cn: HOST, sans: [HOST] });
    const result = await inspectOne(await start(leaf, { legacy: true }));
    assert.deepEqual(result.problems, [{ code: "WEAK_PROTOCOL", message: "accepts TLSv1.1" }]);
    // What a modern client gets is still reported.
    assert.equal(result.protocol, "TLSv1.3");
  });

  it("UNREACHABLE: refused connections; NOT_TLS: handshakes that never come", async () => {
    const port = await closedPort();
    const refused = await inspectOne(port);
    assert.deepEqual(refused, {
      target: `127.0.0.1:${port}`,
      servername: HOST,
      ok: false,
      problems: [{ code: "UNREACHABLE", message: `connect ECONNREFUSED 127.0.0.1:${port}` }],
      daysLeft: null,
      subject: null,
      issuer: null,
      issuerName: null,
      sans: [],
      notAfter: null,
      protocol: null,
    });
    const silent = await silentServer();
    servers.push(silent);
    const [timedOut] = await inspectTargets([parseTarget(`127.0.0.1:${silent.port}`)], {
      timeoutMs: 150,
    });
    assert.deepEqual(timedOut!.problems, [
      {
        code: "NOT_TLS",
        message: "accepted the connection but sent no TLS handshake within 150 ms",
      },
    ]);
    assert.equal(timedOut!.servername, null, "no SNI for an IP address");
  });
});

after(() => pki.dispose());

describe("many targets", () => {
  let slow: TestServer;
  let leaf: Issued;
  before(async () => {
    leaf = pki.leaf("many", issuing, { cn: HOST, sans: [HOST, "127.0.0.1"] });
    // Each connection is held 80 ms before its handshake, so overlapping targets show.
    slow = await serve({ cert: leaf, delayMs: 80 });
  });
  after(() => slow.close());

  it("runs targets concurrently, never more than the bound, results in input order", async () => {
    const good = parseTarget(`127.0.0.1:${slow.port}`);
    const refusedPort = await closedPort();
    const targets = [
      ...Array.from({ length: 6 }, () => good),
      parseTarget(`127.0.0.1:${refusedPort}`),
      ...Array.from({ length: 5 }, () => good),
    ];
    const results = await inspectTargets(targets, {
      caPem: [root.cert],
      concurrency: 4,
      timeoutMs: 2000,
    });
    assert.deepEqual(
      results.map((r) => [r.target, codes(r)]),
      targets.map((t) => [t.label, t.port === refusedPort ? ["UNREACHABLE"] : []]),
    );
    // Two handshakes per target (verify and legacy probe), four targets at a time.
    assert.ok(slow.maxOpen() <= 8, `at most 8 connections at once, saw ${slow.maxOpen()}`);
    assert.ok(slow.maxOpen() >= 4, `targets overlapped: saw ${slow.maxOpen()} connections at once`);
  });
});
