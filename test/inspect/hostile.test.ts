/**
 * Broken and hostile servers: each is named for what it is (not TLS, a refused handshake, an
 * oversized chain) with the fix that fits, and nothing a server sends reaches the terminal raw.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { formatHuman, inspectTargets, parseTarget, toJson } from "../../cli/inspect/index";
import { FIXES } from "../../cli/inspect/problems";
import { escapeForTerminal, escapeJson } from "../../cli/terminal";
import { Pki } from "../helpers/pki";
import { rawServer, serve, silentServer, type TestServer } from "./servers";

const pki = new Pki();
const root = pki.selfSigned("root", { cn: "tls-edge Hostile Root", ca: true });
const servers: TestServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  pki.dispose();
});

async function inspectPort(port: number, timeoutMs = 2000) {
  const [result] = await inspectTargets([parseTarget(`127.0.0.1:${port}`)], {
    caPem: [root.cert],
    timeoutMs,
  });
  return result!;
}

describe("servers that do not speak TLS properly", () => {
  it("NOT_TLS: a plain-HTTP server on the port", async () => {
    const http = createHttpServer((_, res) => res.end("hello"));
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const port = (http.address() as AddressInfo).port;
    try {
      const result = await inspectPort(port);
      assert.deepEqual(result.problems, [
        {
          code: "NOT_TLS",
          message: `127.0.0.1:${port} answered, but not with TLS (OpenSSL: wrong version number)`,
        },
      ]);
      assert.equal(result.ok, false);
    } finally {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
  });

  it("NOT_TLS: another protocol's banner, and a port that accepts and stays silent", async () => {
    const ssh = await rawServer("SSH-2.0-OpenSSH_9.2\r\n");
    const silent = await silentServer();
    servers.push(ssh, silent);
    const banner = await inspectPort(ssh.port);
    assert.deepEqual(banner.problems, [
      {
        code: "NOT_TLS",
        message: `127.0.0.1:${ssh.port} answered, but not with TLS (OpenSSL: wrong version number)`,
      },
    ]);
    const quiet = await inspectPort(silent.port, 200);
    assert.deepEqual(quiet.problems, [
      {
        code: "NOT_TLS",
        message: "accepted the connection but sent no TLS handshake within 200 ms",
      },
    ]);
  });

  it("HANDSHAKE_FAILED: the server answers the ClientHello with a TLS alert", async () => {
    // A fatal handshake_failure alert (level 2, description 40), as a server with no
    // certificate for the name sends it.
    const alert = await rawServer(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]));
    servers.push(alert);
    const result = await inspectPort(alert.port);
    assert.deepEqual(result.problems, [
      {
        code: "HANDSHAKE_FAILED",
        message: `127.0.0.1:${alert.port} refused the handshake with the TLS alert "handshake failure"`,
      },
    ]);
  });

  it("OVERSIZED_CHAIN: a certificate message of over 400 KB", async () => {
    const leaf = pki.leaf("big", root, { cn: "big.example.test", sans: ["big.example.test"] });
    const chain = leaf.cert + root.cert.repeat(700);
    assert.ok(chain.length > 400_000);
    const big = await serve({ cert: { ...leaf, chain } });
    servers.push(big);
    const result = await inspectPort(big.port);
    assert.deepEqual(result.problems, [
      {
        code: "OVERSIZED_CHAIN",
        message: `127.0.0.1:${big.port} sent a certificate message too large to accept (OpenSSL: excessive message size)`,
      },
    ]);
    assert.match(FIXES.OVERSIZED_CHAIN, /leaf and its intermediates/);
  });
});

describe("certificate fields are escaped in every output", () => {
  // An issuer that tries to erase the table and print a verdict of its own, with a bell, a
  // C1 CSI and a right-to-left override.
  const FORGED = "Evil CA\u001b[1A\u001b[2K\r1 target(s), no problems\u0007\u009b2J\u202e";

  it("escapeForTerminal writes every control and hidden-format character as an escape", () => {
    assert.equal(
      escapeForTerminal(FORGED),
      "Evil CA\\x1b[1A\\x1b[2K\\r1 target(s), no problems\\x07\\x9b2J\\u{202e}",
    );
    assert.equal(escapeForTerminal("plain ascii, é and 日本"), "plain ascii, é and 日本");
    const json = escapeJson(JSON.stringify({ a: FORGED }, null, 2));
    assert.doesNotMatch(json, /[\u007f-\u009f\u202e]/);
    assert.deepEqual(JSON.parse(json), { a: FORGED });
  });

  it("the table and the problem lines show control characters as escapes", async () => {
    const evilRoot = pki.selfSigned("evil-root", { cn: FORGED, ca: true });
    const leaf = pki.leaf("evil-leaf", evilRoot, {
      cn: "x.example.test",
      sans: ["x.example.test"],
    });
    const server = await serve({ cert: leaf });
    servers.push(server);
    const [result] = await inspectTargets([parseTarget(`127.0.0.1:${server.port}`)], {
      servername: "other.example.test",
      timeoutMs: 2000,
    });
    // openssl keeps the bytes (the non-ASCII ones read back as Latin-1, C1 controls included).
    const issuer = result!.issuerName!;
    assert.ok(issuer.startsWith("Evil CA\u001b[1A\u001b[2K\r1 target(s), no problems\u0007"));
    const human = formatHuman([result!]);
    // eslint-disable-next-line no-control-regex -- the point is that none are left
    assert.doesNotMatch(human, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    assert.ok(human.includes("Evil CA\\x1b[1A\\x1b[2K\\r1 target(s), no problems\\x07"));
    assert.ok(human.includes(escapeForTerminal(issuer)));
    assert.match(human.split("\n").at(-1)!, /^1 of 1 target\(s\) with problems$/);

    const json = escapeJson(JSON.stringify(toJson([result!]), null, 2));
    // eslint-disable-next-line no-control-regex -- the point is that none are left
    assert.doesNotMatch(json, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    assert.deepEqual(JSON.parse(json), JSON.parse(JSON.stringify(toJson([result!]))));
  });
});
