/**
 * Render benchmark: N hosts (a Certificate and a TlsIngress each) through tls-edge against the
 * same Kubernetes objects registered as raw @pulumi/kubernetes resources, under the same mock
 * engine, each run in a fresh process.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";

export interface RenderPoint {
  hosts: number;
  tlsEdgeMs: number;
  rawMs: number;
  msPerHost: number;
  rawMsPerHost: number;
  ratioToRaw: number;
  peakRssMb: number;
  rawPeakRssMb: number;
}

function measure(variant: "raw" | "tls-edge", hosts: number): { ms: number; rssMb: number } {
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", join(__dirname, "render-child.ts"), variant, String(hosts)],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(out.trim().split("\n").pop()!) as { ms: number; rssMb: number };
}

function best(
  variant: "raw" | "tls-edge",
  hosts: number,
  rounds: number,
): { ms: number; rssMb: number } {
  const runs = Array.from({ length: rounds }, () => measure(variant, hosts));
  return runs.reduce((a, b) => (b.ms < a.ms ? b : a));
}

export function benchRender(sizes: readonly number[], rounds: number): RenderPoint[] {
  return sizes.map((hosts) => {
    const edge = best("tls-edge", hosts, rounds);
    const raw = best("raw", hosts, rounds);
    return {
      hosts,
      tlsEdgeMs: edge.ms,
      rawMs: raw.ms,
      msPerHost: edge.ms / hosts,
      rawMsPerHost: raw.ms / hosts,
      ratioToRaw: edge.ms / raw.ms,
      peakRssMb: edge.rssMb,
      rawPeakRssMb: raw.rssMb,
    };
  });
}
