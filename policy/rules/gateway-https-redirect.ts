/**
 * gateway-https-redirect: the Gateway API half of tls-required, a stack policy because it joins
 * HTTPRoutes to the Gateway listeners they attach to. A route attached to a plain-HTTP listener
 * may only redirect to HTTPS: one RequestRedirect filter with scheme https and no backends.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { kubeObject, type KubeObject } from "../lib/kubernetes";
import { whenKnown, list, rec, str } from "../lib/read";

const GATEWAY_GROUP = "gateway.networking.k8s.io";

interface Listener {
  readonly name: string;
  readonly port: unknown;
  readonly protocol: string;
}

function onlyRedirects(route: KubeObject): boolean {
  return list(rec(route.props["spec"])["rules"]).every((raw) => {
    const rule = rec(raw);
    const filters = list(rule["filters"]).map(rec);
    return (
      list(rule["backendRefs"]).length === 0 &&
      filters.length === 1 &&
      filters[0]!["type"] === "RequestRedirect" &&
      rec(filters[0]!["requestRedirect"])["scheme"] === "https"
    );
  });
}

export const gatewayHttpsRedirect: StackValidationPolicy = {
  name: "gateway-https-redirect",
  description: "HTTPRoutes attached to plain-HTTP Gateway listeners only redirect to HTTPS.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Attach application routes to the HTTPS listener (parentRefs[].sectionName); on the HTTP listener keep one route whose only filter is RequestRedirect {scheme: https}.",
  validateStack: (args, reportViolation) => {
    const gateways = new Map<string, Listener[]>();
    const routes: { resource: PolicyResource; object: KubeObject }[] = [];
    for (const r of args.resources) {
      const object = kubeObject(r.type, r.props, r.name);
      if (!object || object.group !== GATEWAY_GROUP) continue;
      if (object.kind === "Gateway") {
        const listeners = whenKnown(
          () =>
            list(rec(r.props["spec"])["listeners"]).map((raw) => {
              const l = rec(raw);
              return {
                name: str(l["name"]) ?? "",
                port: l["port"],
                protocol: str(l["protocol"]) ?? "",
              };
            }),
          (m) => reportViolation(m, r.urn),
          `the listeners of Gateway ${object.name}`,
        );
        gateways.set(`${object.namespace}/${object.name}`, listeners ?? []);
      } else if (object.kind === "HTTPRoute") {
        routes.push({ resource: r, object });
      }
    }
    for (const { resource, object } of routes) {
      whenKnown(
        () => {
          for (const raw of list(rec(object.props["spec"])["parentRefs"])) {
            const ref = rec(raw);
            const kind = str(ref["kind"]) ?? "Gateway";
            if (kind !== "Gateway") continue;
            const key = `${str(ref["namespace"]) ?? object.namespace}/${str(ref["name"])}`;
            const section = str(ref["sectionName"]);
            const attached = (gateways.get(key) ?? []).filter(
              (l) =>
                l.protocol === "HTTP" &&
                (section === undefined || section === l.name) &&
                (ref["port"] === undefined || ref["port"] === l.port),
            );
            if (attached.length > 0 && !onlyRedirects(object)) {
              reportViolation(
                `HTTPRoute ${object.namespace}/${object.name} attaches to plain-HTTP listener ` +
                  `"${attached[0]!.name}" of Gateway ${key} and serves traffic there. Fix: set ` +
                  `parentRefs[].sectionName to the HTTPS listener, and give the HTTP listener ` +
                  `only a RequestRedirect {scheme: https, statusCode: 301} route.`,
                resource.urn,
              );
            }
          }
        },
        (m) => reportViolation(m, resource.urn),
        `the attachment of HTTPRoute ${object.name}`,
      );
    }
  },
};
