/**
 * The tls-edge CrossGuard pack: `pulumi preview --policy-pack policy`. Constructing the pack
 * starts the analyzer's gRPC server, so this file does nothing else and nothing imports it.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_DESCRIPTION, PACK_ENFORCEMENT_LEVEL, PACK_NAME } from "./pack";
import { rules } from "./rules";

new PolicyPack(PACK_NAME, {
  policies: rules,
  enforcementLevel: PACK_ENFORCEMENT_LEVEL,
  description: PACK_DESCRIPTION,
});
