/**
 * The tls-edge command: dispatches to one module per command.
 */
export const USAGE = `usage: tls-edge <command> [options]

commands:
  render <stack>     render a stack offline to manifests, a resource list and a graph
  policy <stack>     check a stack offline against the policy pack
  rehearse           rehearse an ACME DNS-01 order against a staging directory
  inspect <host>...  inspect what each TLS endpoint really serves

Run 'tls-edge <command> --help' for a command's options.`;

type Command = (argv: string[]) => Promise<number>;

/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading keeps start-up fast */
/** One line per command; each module is loaded only when its command runs. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  render: async () => (require("./render") as typeof import("./render")).run,
  policy: async () => (require("./policy") as typeof import("./policy")).run,
  rehearse: async () => (require("./rehearse") as typeof import("./rehearse")).run,
  inspect: async () => (require("./inspect/command") as typeof import("./inspect/command")).run,
};

/** Runs the command line; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h") {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    console.error(`tls-edge: unknown command '${name}'\n\n${USAGE}`);
    return 2;
  }
  return (await load())(rest);
}
