/**
 * `npm run bench [-- --quick] [-- --json <file>]`: render, policy, ACME and inspect, each beside
 * its baseline, in one run. Prints a table; --json writes the figures.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { benchRender } from "./render";

const TARGETS = {
  renderRatio: 1.5,
  policyPerSecond: 20_000,
  acmeRatio: 1.5,
  inspectMs: 2_000,
  prodRenderMs: 5_000,
};

function timeProdRender(): number {
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, ["bin/tls-edge.js", "render", "prod", "--out", "out/bench"], {
    stdio: "pipe",
  });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function mark(ok: boolean): string {
  return ok ? "ok" : "MISSED";
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { quick: { type: "boolean" }, json: { type: "string" } },
  });
  const quick = values.quick === true;
  const sizes = quick ? [10, 100] : [10, 100, 1000];
  const rounds = quick ? 1 : 5;

  const render = benchRender(sizes, rounds);
  const largest = render[render.length - 1]!;
  const prodRenderMs = Math.min(...Array.from({ length: rounds }, timeProdRender));

  const { benchPolicy } = await import("./policy.js");
  const policy = await benchPolicy({ resources: quick ? 2_000 : 10_000 });

  const { benchInspect } = await import("./inspect.js");
  const inspect = await benchInspect(100);

  let acme: { rehearsalMs: number; bareMs: number; ratioToBare: number } | { skipped: string };
  try {
    const { benchAcme } = await import("./acme.js");
    acme = await benchAcme({ names: ["a", "b"], rounds: quick ? 2 : 5 });
  } catch (err) {
    acme = { skipped: (err as Error).message };
  }

  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? "unknown"}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node.js ${process.version}`;
  console.log(`tls-edge benchmarks on ${machine}${quick ? " (quick)" : ""}\n`);
  console.log(
    "render: hosts | tls-edge ms | raw ms | ms/host | raw ms/host | ratio | peak RSS MB (raw)",
  );
  for (const p of render) {
    console.log(
      `  ${p.hosts} | ${p.tlsEdgeMs.toFixed(0)} | ${p.rawMs.toFixed(0)} | ${p.msPerHost.toFixed(2)} | ${p.rawMsPerHost.toFixed(2)} | ${p.ratioToRaw.toFixed(2)} | ${p.peakRssMb.toFixed(0)} (${p.rawPeakRssMb.toFixed(0)})`,
    );
  }
  console.log(
    `  ratio at ${largest.hosts} hosts: ${largest.ratioToRaw.toFixed(2)} (target <= ${TARGETS.renderRatio}: ${mark(largest.ratioToRaw <= TARGETS.renderRatio)})`,
  );
  console.log(
    `  render prod (whole CLI run): ${prodRenderMs.toFixed(0)} ms (target < ${TARGETS.prodRenderMs}: ${mark(prodRenderMs < TARGETS.prodRenderMs)})`,
  );
  console.log(
    `policy: ${policy.resourcesPerSecond.toFixed(0)} resources/s (target >= ${TARGETS.policyPerSecond}: ${mark(policy.resourcesPerSecond >= TARGETS.policyPerSecond)}); stack-rule growth 1k->10k ${policy.stackRuleGrowth.toFixed(2)} (1 = linear)`,
  );
  if ("skipped" in acme) console.log(`acme: skipped: ${acme.skipped}`);
  else
    console.log(
      `acme: rehearsal ${acme.rehearsalMs.toFixed(0)} ms, bare acme-client ${acme.bareMs.toFixed(0)} ms, ratio ${acme.ratioToBare.toFixed(2)} (target <= ${TARGETS.acmeRatio}: ${mark(acme.ratioToBare <= TARGETS.acmeRatio)})`,
    );
  console.log(
    `inspect: ${inspect.targets} loopback targets in ${inspect.ms.toFixed(0)} ms (target < ${TARGETS.inspectMs}: ${mark(inspect.ms < TARGETS.inspectMs)})`,
  );

  if (values.json) {
    const figures = {
      machine,
      quick,
      render: {
        hosts: largest.hosts,
        msPerHost: largest.msPerHost,
        ratioToRaw: largest.ratioToRaw,
        peakRssMb: largest.peakRssMb,
        prodRenderMs,
        points: render,
      },
      policy,
      acme,
      inspect,
    };
    writeFileSync(values.json, `${JSON.stringify(figures, null, 2)}\n`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
