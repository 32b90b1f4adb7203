/**
 * mesh: in production, service-to-service traffic stays mutually authenticated. No Istio
 * PeerAuthentication weaker than STRICT (UNSET inherits), no DestinationRule that disables TLS.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { kubeObject } from "../lib/kubernetes";
import { whenKnown, list, rec, str } from "../lib/read";
import { isProduction, productionStacksSchema, stackOfUrn } from "../lib/stack";

const ALLOWED_PEER_MODES = new Set(["STRICT", "UNSET"]);

/** Every `tls.mode` in a traffic policy: top level and per port. */
function tlsModes(trafficPolicy: unknown, where: string): { where: string; mode: string }[] {
  const tp = rec(trafficPolicy);
  const out: { where: string; mode: string }[] = [];
  const mode = str(rec(tp["tls"])["mode"]);
  if (mode) out.push({ where: `${where}.tls.mode`, mode });
  list(tp["portLevelSettings"]).forEach((p, i) => {
    const m = str(rec(rec(p)["tls"])["mode"]);
    if (m) out.push({ where: `${where}.portLevelSettings[${i}].tls.mode`, mode: m });
  });
  return out;
}

export const mesh: ResourceValidationPolicy = {
  name: "mesh",
  description:
    "In production, PeerAuthentication is STRICT (or UNSET) and no DestinationRule disables TLS.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Set PeerAuthentication mtls.mode to STRICT; use ISTIO_MUTUAL (or SIMPLE/MUTUAL to external hosts) instead of DISABLE in DestinationRules.",
  configSchema: { properties: { productionStacks: productionStacksSchema } },
  validateResource: (args, reportViolation) => {
    const object = kubeObject(args.type, args.props, args.name);
    if (!object) return;
    const peer = object.group === "security.istio.io" && object.kind === "PeerAuthentication";
    const rule = object.group === "networking.istio.io" && object.kind === "DestinationRule";
    if (!peer && !rule) return;
    const { productionStacks } = args.getConfig<{ productionStacks: string[] }>();
    const stack = stackOfUrn(args.urn);
    if (!isProduction(stack, args.stackTags, productionStacks)) return;
    const label = `${object.kind} ${object.namespace}/${object.name}`;
    whenKnown(
      () => {
        const spec = rec(args.props["spec"]);
        if (peer) {
          const modes = [{ where: "spec.mtls.mode", mode: str(rec(spec["mtls"])["mode"]) }];
          for (const [port, setting] of Object.entries(rec(spec["portLevelMtls"]))) {
            modes.push({
              where: `spec.portLevelMtls.${port}.mode`,
              mode: str(rec(setting)["mode"]),
            });
          }
          for (const { where, mode } of modes) {
            if (mode === undefined || ALLOWED_PEER_MODES.has(mode)) continue;
            reportViolation(
              `${label} sets ${where} to ${mode} in production stack "${stack}", accepting ` +
                `plain-text traffic. Fix: set it to STRICT (or remove it to inherit the mesh-wide STRICT policy).`,
            );
          }
          return;
        }
        const modes = tlsModes(spec["trafficPolicy"], "spec.trafficPolicy");
        list(spec["subsets"]).forEach((s, i) => {
          modes.push(...tlsModes(rec(s)["trafficPolicy"], `spec.subsets[${i}].trafficPolicy`));
        });
        for (const { where, mode } of modes) {
          if (mode !== "DISABLE") continue;
          reportViolation(
            `${label} sets ${where} to DISABLE in production stack "${stack}", sending ` +
              `plain text to ${str(spec["host"]) ?? "its host"}. Fix: use ISTIO_MUTUAL inside the mesh (or SIMPLE/MUTUAL for external TLS).`,
          );
        }
      },
      reportViolation,
      `the TLS mode of ${label}`,
    );
  },
};
