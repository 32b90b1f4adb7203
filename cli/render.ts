/**
 * `tls-edge render <stack> [--out <dir>] [--program <file>]`: runs a stack's program offline
 * through the mock engine and writes manifests.yaml, resources.json and graph.mmd.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { runProgram } from "./offline/run";
import {
  formatSummary,
  manifestsYaml,
  maskedObjects,
  mermaidGraph,
  resourceEntries,
  summarize,
} from "./offline/report";

export const RENDER_USAGE = `usage: tls-edge render <stack> [--out <dir>] [--program <file>]

Runs the stack's Pulumi program offline (no cluster, no cloud account, no Pulumi CLI) and
writes <out>/<stack>/manifests.yaml, resources.json and graph.mmd: the objects as \`pulumi up\`
would send them. Encrypted configuration values become placeholders; secrets are written as
"[secret]" and values known only after deployment as "(known after deployment)", each in place,
so maps keep their keys (a Secret's data holds them base64-encoded).

options:
  --out <dir>        output folder (default: out)
  --program <file>   render another Pulumi TypeScript program (default: this project's stacks/)`;

export interface RenderFiles {
  readonly dir: string;
  readonly manifests: string;
  readonly resources: string;
  readonly graph: string;
}

/** Renders one stack and writes its files; returns where they went and the summary text. */
export async function render(options: {
  stack: string;
  out?: string;
  program?: string;
}): Promise<{ files: RenderFiles; summary: string }> {
  // As `pulumi up` would send them, as policy checks them: provider-computed values are
  // placeholders, so values built from them keep their shape; the output marks them.
  const result = await runProgram({
    stack: options.stack,
    preview: false,
    ...(options.program ? { program: options.program } : {}),
  });
  const dir = resolve(options.out ?? "out", options.stack);
  mkdirSync(dir, { recursive: true });
  const files: RenderFiles = {
    dir,
    manifests: join(dir, "manifests.yaml"),
    resources: join(dir, "resources.json"),
    graph: join(dir, "graph.mmd"),
  };
  writeFileSync(files.manifests, manifestsYaml(maskedObjects(result.engine)));
  writeFileSync(files.resources, `${JSON.stringify(resourceEntries(result.engine), null, 2)}\n`);
  writeFileSync(files.graph, mermaidGraph(result.engine));
  return { files, summary: formatSummary(options.stack, dir, summarize(result.engine)) };
}

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: "string" },
        program: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    console.error(`tls-edge render: ${(err as Error).message}\n\n${RENDER_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(RENDER_USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    console.error(`tls-edge render: give exactly one stack name\n\n${RENDER_USAGE}`);
    return 2;
  }
  const stack = positionals[0]!;
  if (values.program && !existsSync(values.program)) {
    console.error(`tls-edge render: --program ${values.program} does not exist`);
    return 2;
  }
  if (!values.program && !existsSync(join("stacks", `Pulumi.${stack}.yaml`))) {
    console.error(
      `tls-edge render: no stack '${stack}': stacks/Pulumi.${stack}.yaml does not exist (run from the project root, or give --program)`,
    );
    return 2;
  }
  try {
    const { summary } = await render({
      stack,
      ...(values.out ? { out: values.out } : {}),
      ...(values.program ? { program: values.program } : {}),
    });
    console.log(summary);
    return 0;
  } catch (err) {
    console.error(`tls-edge render: ${stack}: ${(err as Error).message}`);
    return 1;
  }
}
