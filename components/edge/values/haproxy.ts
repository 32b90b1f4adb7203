/**
 * HAProxy Kubernetes Ingress chart values (haproxytech/helm-charts, `kubernetes-ingress`). The
 * only place that knows its keys; note `controller.PodDisruptionBudget.enable` (capital P).
 * @see https://github.com/haproxytech/helm-charts/blob/main/kubernetes-ingress/values.yaml
 * @see https://github.com/haproxytech/kubernetes-ingress/blob/master/documentation/annotations.md
 */
import {
  MODERN_CIPHERS_OPENSSL,
  affinity,
  cpuAutoscaling,
  hstsHeader,
  podAnnotations,
  podLabels,
  zoneSpread,
  type ControllerSettings,
} from "./common";

/** Container ports of the http and https listeners. */
export const HAPROXY_CONTAINER_PORTS = [8080, 8443] as const;

/** The controller ConfigMap keys for redirect, HSTS and the TLS floor. */
function config(s: ControllerSettings): Record<string, string> {
  const floor = s.tlsMinVersion === "1.3" ? "TLSv1.3" : "TLSv1.2";
  const snippet = [`ssl-default-bind-options ssl-min-ver ${floor} no-tls-tickets`];
  if (s.tlsMinVersion === "1.2") {
    snippet.push(`ssl-default-bind-ciphers ${MODERN_CIPHERS_OPENSSL.join(":")}`);
  }
  return {
    ...(s.redirectToHttps ? { "ssl-redirect": "true", "ssl-redirect-code": "301" } : {}),
    ...(s.hsts
      ? { "response-set-header": `Strict-Transport-Security "${hstsHeader(s.hsts)}"` }
      : {}),
    "global-config-snippet": snippet.join("\n"),
  };
}

export function haproxyValues(s: ControllerSettings): Record<string, unknown> {
  return {
    controller: {
      kind: s.kind,
      ...(s.replicas !== undefined ? { replicaCount: s.replicas } : {}),
      podLabels: podLabels(s),
      podAnnotations: podAnnotations(s, HAPROXY_CONTAINER_PORTS),
      ingressClass: s.ingressClassName,
      ingressClassResource: { name: s.ingressClassName, default: false },
      defaultTLSSecret: {
        enabled: true,
        secretNamespace: s.namespace,
        secret: s.defaultCertificateSecret,
      },
      config: config(s),
      PodDisruptionBudget: s.podDisruptionBudget
        ? { enable: true, ...s.podDisruptionBudget }
        : { enable: false },
      ...(s.resources ? { resources: s.resources } : {}),
      affinity: affinity(s),
      topologySpreadConstraints: zoneSpread(s),
      autoscaling: cpuAutoscaling(s),
      // HAProxy always serves /metrics on its stat port; the switch only adds the monitor.
      serviceMonitor: { enabled: s.metrics && s.serviceMonitor },
    },
  };
}
