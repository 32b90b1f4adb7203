/**
 * `tls-edge render <stack> [--out <dir>] [--program <file>]`: runs a stack's program offline
 * through the mock engine and writes manifests.yaml, resources.json and graph.mmd.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  checkStackArgs,
  checkStackName,
  InputError,
  makeFolder,
  requireResources,
} from "./offline/inputs";
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

/**
 * Renders one stack and writes its files; returns where they went and the summary text. The
 * output folder is checked before the program runs, and the files are written to a new folder
 * that replaces `<out>/<stack>` only once all three are written: a failed or empty render leaves
 * the previous output as it was.
 */
export async function render(options: {
  stack: string;
  out?: string;
  program?: string;
}): Promise<{ files: RenderFiles; summary: string }> {
  checkStackName(options.stack);
  const out = resolve(options.out ?? "out");
  const flag = `--out ${options.out ?? "out"}`;
  makeFolder(out, flag);
  const dir = join(out, options.stack);
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new InputError(`${flag}: ${dir} is a file, not a folder; move it or give another --out`);
  }
  // As `pulumi up` would send them, as policy checks them: provider-computed values are
  // placeholders, so values built from them keep their shape; the output marks them.
  const result = await runProgram({
    stack: options.stack,
    preview: false,
    ...(options.program ? { program: options.program } : {}),
  });
  requireResources(result.engine.resources, options.program);
  // Beside the output, so the rename stays on one file system; one per process.
  const staging = join(out, `.${options.stack}.rendering-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  try {
    writeFileSync(join(staging, "manifests.yaml"), manifestsYaml(maskedObjects(result.engine)));
    writeFileSync(
      join(staging, "resources.json"),
      `${JSON.stringify(resourceEntries(result.engine), null, 2)}\n`,
    );
    writeFileSync(join(staging, "graph.mmd"), mermaidGraph(result.engine));
    const previous = existsSync(dir) ? `${staging}.previous` : undefined;
    if (previous) renameSync(dir, previous);
    try {
      renameSync(staging, dir);
    } catch (err) {
      if (previous) renameSync(previous, dir);
      throw err;
    }
    if (previous) rmSync(previous, { recursive: true, force: true });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  const files: RenderFiles = {
    dir,
    manifests: join(dir, "manifests.yaml"),
    resources: join(dir, "resources.json"),
    graph: join(dir, "graph.mmd"),
  };
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
  try {
    checkStackArgs(stack, values.program);
    if (values.out === "") throw new InputError("--out: give a folder");
  } catch (err) {
    console.error(`tls-edge render: ${(err as Error).message}`);
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
    return err instanceof InputError ? 2 : 1;
  }
}
