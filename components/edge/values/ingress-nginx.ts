/**
 * ingress-nginx chart values (kubernetes/ingress-nginx, `charts/ingress-nginx`). The only place
 * that knows its keys. Its PodDisruptionBudget renders only when `replicaCount` > 1 (or, with
 * autoscaling, `minReplicas` > 1); `IngressController` validation guarantees that whenever a
 * budget is asked for.
 * @see https://github.com/kubernetes/ingress-nginx/blob/main/charts/ingress-nginx/values.yaml
 */
import {
  MODERN_CIPHERS_OPENSSL,
  affinity,
  cpuAutoscaling,
  podAnnotations,
  podLabels,
  zoneSpread,
  type ControllerSettings,
} from "./common";

/** Container ports of the http and https listeners. */
export const INGRESS_NGINX_CONTAINER_PORTS = [80, 443] as const;

function config(s: ControllerSettings): Record<string, string> {
  return {
    "ssl-redirect": String(s.redirectToHttps),
    ...(s.hsts
      ? {
          hsts: "true",
          "hsts-max-age": String(s.hsts.maxAgeSeconds),
          "hsts-include-subdomains": String(s.hsts.includeSubDomains),
          "hsts-preload": "false",
        }
      : { hsts: "false" }),
    "ssl-protocols": s.tlsMinVersion === "1.3" ? "TLSv1.3" : "TLSv1.2 TLSv1.3",
    ...(s.tlsMinVersion === "1.2" ? { "ssl-ciphers": MODERN_CIPHERS_OPENSSL.join(":") } : {}),
  };
}

export function ingressNginxValues(s: ControllerSettings): Record<string, unknown> {
  const pdb = s.podDisruptionBudget;
  return {
    controller: {
      kind: s.kind,
      ...(s.replicas !== undefined ? { replicaCount: s.replicas } : {}),
      podLabels: podLabels(s),
      podAnnotations: podAnnotations(s, INGRESS_NGINX_CONTAINER_PORTS),
      ingressClass: s.ingressClassName,
      ingressClassResource: { name: s.ingressClassName, enabled: true, default: false },
      config: config(s),
      extraArgs: {
        "default-ssl-certificate": `${s.namespace}/${s.defaultCertificateSecret}`,
        ...(s.sslPassthrough ? { "enable-ssl-passthrough": "true" } : {}),
      },
      // The chart ignores `minAvailable` once `maxUnavailable` is set.
      ...(pdb?.maxUnavailable !== undefined ? { maxUnavailable: pdb.maxUnavailable } : {}),
      ...(pdb?.minAvailable !== undefined ? { minAvailable: pdb.minAvailable } : {}),
      ...(s.resources ? { resources: s.resources } : {}),
      affinity: affinity(s),
      topologySpreadConstraints: zoneSpread(s),
      autoscaling: cpuAutoscaling(s),
      metrics: { enabled: s.metrics, serviceMonitor: { enabled: s.metrics && s.serviceMonitor } },
    },
  };
}
