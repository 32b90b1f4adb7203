/** The pack's identity, shared by `index.ts` (the real pack) and `evaluate.ts` (the offline path). */
import type { EnforcementLevel } from "@pulumi/policy";

export const PACK_NAME = "tls-edge";
export const PACK_DESCRIPTION =
  "TLS at the edge: staging before production, HTTPS everywhere, sound certificates, keys only in TLS Secrets, HA controllers, strict mesh mTLS, least-privilege DNS-01 credentials.";
/** Level for rules that do not set their own. */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "mandatory";
