// One render measurement in its own process (Pulumi's runtime state is global):
// registers N hosts through the offline engine and prints {ms, cpuMs, rssMb, resources}.
import { settle, startEngine } from "../cli/offline/engine";

async function main(): Promise<void> {
  const [variant, n] = [process.argv[2], Number(process.argv[3])];
  // As in `tls-edge render`: source-mapped stack traces cost more than the registration itself.
  process.setSourceMapsEnabled(false);
  const engine = startEngine({ project: "bench", stack: "bench" });
  const load =
    variant === "raw"
      ? async () => (await import("./programs/raw-hosts.js")).rawHosts
      : async () => (await import("./programs/tls-edge-hosts.js")).tlsEdgeHosts;
  const build = await load();
  await import("@pulumi/kubernetes");
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  build(n);
  await settle();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ ms, cpuMs, rssMb, resources: engine.resources.length }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
