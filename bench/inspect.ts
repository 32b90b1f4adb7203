/**
 * Benchmark for the inspect core: `targets` loopback TLS servers (one per port), each inspected
 * with both handshakes, through `inspectTargets` (not the subprocess). Target: 100 in under 2 s.
 *
 *   node --import tsx bench/inspect.ts [targets]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, type Server } from "node:tls";
import { inspectTargets, parseTarget } from "../cli/inspect/index";

function selfSigned(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), "tls-edge-bench-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        "k.pem",
        "-out",
        "c.pem",
        "-subj",
        "/CN=bench.example.test",
        "-days",
        "30",
        "-addext",
        "subjectAltName=DNS:bench.example.test",
      ],
      { cwd: dir, stdio: ["ignore", "ignore", "pipe"] },
    );
    return {
      key: readFileSync(join(dir, "k.pem"), "utf8"),
      cert: readFileSync(join(dir, "c.pem"), "utf8"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Inspects `targets` loopback servers; `ms` covers the inspection only, not server start-up. */
export async function benchInspect(targets: number): Promise<{ targets: number; ms: number }> {
  const { key, cert } = selfSigned();
  const servers: Server[] = [];
  try {
    for (let i = 0; i < targets; i += 1) {
      const server = createServer({ key, cert }, (socket) => socket.end());
      server.on("tlsClientError", () => undefined);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      servers.push(server);
    }
    const list = servers.map((s) => parseTarget(`127.0.0.1:${(s.address() as AddressInfo).port}`));
    const started = performance.now();
    const results = await inspectTargets(list, {
      servername: "bench.example.test",
      caPem: [cert],
    });
    const ms = Math.round(performance.now() - started);
    const failed = results.filter((r) => !r.ok);
    if (failed.length > 0) {
      throw new Error(`${failed.length} bench targets had problems: ${JSON.stringify(failed[0])}`);
    }
    return { targets, ms };
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

if (require.main === module) {
  const count = Number(process.argv[2] ?? 100);
  benchInspect(count).then(
    (r) => console.log(`inspect: ${r.targets} loopback targets in ${r.ms} ms`),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
