/**
 * The plugin's entry point (`main` in package.json): what Pulumi's Node.js host runs when it loads
 * the checkout as a plugin. It exports one function, which that host calls (so importing this
 * starts nothing): serve the plugin's provider (./provider.ts) over gRPC at the engine's address.
 */
import * as pulumi from "@pulumi/pulumi";
import { PluginProvider } from "./provider";

function serve(): Promise<void> {
  return pulumi.provider.main(new PluginProvider(), process.argv.slice(2));
}

export = serve;
