/**
 * The tls-edge program: reads and validates the stack configuration
 * (stacks/Pulumi.<stack>.yaml), then composes the components.
 * `pulumi up -s dev|staging|prod`, or offline: `tls-edge render <stack>`.
 */
import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig } from "./config";
import { OFFLINE_RUN_ENV } from "./credentials";
import { program } from "./program";

// The SDK keeps the list of secret keys beside the config map, not in it, and answers for a key
// with `isConfigSecret` (runtime/config.js), which its typings leave out.
const { isConfigSecret } = pulumi.runtime as unknown as { isConfigSecret(key: string): boolean };
const raw = pulumi.runtime.allConfig();
const secretKeys = Object.keys(raw).filter((key) => isConfigSecret(key));

export = program(
  parseStackConfig(pulumi.getStack(), raw, secretKeys, {
    // A preview or an offline run deploys nothing: a missing secret is shown as unknown there.
    preview: pulumi.runtime.isDryRun() || process.env[OFFLINE_RUN_ENV] === "1",
  }),
);
