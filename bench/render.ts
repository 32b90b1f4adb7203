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

type Variant = "raw" | "tls-edge";
interface Run {
  ms: number;
  rssMb: number;
}

function measure(variant: Variant, hosts: number): Run {
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", join(__dirname, "render-child.ts"), variant, String(hosts)],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(out.trim().split("\n").pop()!) as Run;
}

/**
 * The fastest of `rounds` runs of each variant. The variants alternate, so a change in the
 * machine's load during the run weighs on both alike.
 */
function bestOfBoth(hosts: number, rounds: number): Record<Variant, Run> {
  const runs: Record<Variant, Run[]> = { raw: [], "tls-edge": [] };
  for (let i = 0; i < rounds; i += 1) {
    runs["tls-edge"].push(measure("tls-edge", hosts));
    runs.raw.push(measure("raw", hosts));
  }
  const fastest = (list: Run[]): Run => list.reduce((a, b) => (b.ms < a.ms ? b : a));
  return { raw: fastest(runs.raw), "tls-edge": fastest(runs["tls-edge"]) };
}

export function benchRender(sizes: readonly number[], rounds: number): RenderPoint[] {
  return sizes.map((hosts) => {
    const { "tls-edge": edge, raw } = bestOfBoth(hosts, rounds);
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
