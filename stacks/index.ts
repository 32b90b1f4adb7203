/**
 * The tls-edge program: reads and validates the stack configuration
 * (stacks/Pulumi.<stack>.yaml), then composes the components.
 * `pulumi up -s dev|staging|prod`, or offline: `tls-edge render <stack>`.
 */
import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig } from "./config";
import { program } from "./program";

// The SDK keeps the names of secret config keys under this key of its config store.
const SECRET_KEYS = "PULUMI_CONFIG_SECRET_KEYS";
const raw = pulumi.runtime.allConfig();
const secretKeys = JSON.parse(raw[SECRET_KEYS] || "[]") as string[];
delete raw[SECRET_KEYS];

export = program(parseStackConfig(pulumi.getStack(), raw, secretKeys));
