/**
 * The plugin's component provider: the one Pulumi would start for a module exporting the
 * components of ./index (schema inferred from the TypeScript sources), with the one thing
 * inference lacks: key material and credentials marked secret (./secrets.ts). ./host.ts serves it.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
  ComponentProvider,
  getPulumiComponents,
} from "@pulumi/pulumi/provider/experimental/provider";
import * as plugin from "./index";
import { markSecrets, type PluginSchema } from "./secrets";

/** The package root: the nearest folder above this file (source or built) with a package.json. */
function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = up;
  }
  return dir;
}

/** The inferred component provider, its schema with the secrets marked. */
export class PluginProvider implements pulumi.provider.Provider {
  public readonly version: string;
  readonly #inner: ComponentProvider;
  #schema?: string;

  constructor(root: string = packageRoot()) {
    const name = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name: string })
      .name;
    this.#inner = new ComponentProvider({
      name,
      dirname: root,
      components: getPulumiComponents(plugin),
    });
    this.version = this.#inner.version;
  }

  async getSchema(): Promise<string> {
    this.#schema ??= JSON.stringify(
      markSecrets(JSON.parse(await this.#inner.getSchema()) as PluginSchema),
    );
    return this.#schema;
  }

  construct(
    name: string,
    type: string,
    inputs: pulumi.Inputs,
    options: pulumi.ComponentResourceOptions,
  ): Promise<pulumi.provider.ConstructResult> {
    return this.#inner.construct(name, type, inputs, options);
  }
}
