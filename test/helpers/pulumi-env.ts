/** The environment the real-engine tests run the Pulumi CLI with: all state under `root`. */
import { randomBytes } from "node:crypto";
import { join } from "node:path";

/** A local file backend, a fresh passphrase, no plugin downloads, no prompts, no colour. */
export function pulumiEnv(root: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PULUMI_HOME: join(root, "home"),
    PULUMI_BACKEND_URL: `file://${join(root, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: randomBytes(16).toString("hex"),
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    NO_COLOR: "1",
  };
}
