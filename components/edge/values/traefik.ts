/**
 * Traefik chart values (traefik/traefik-helm-chart, `traefik/values.yaml`). The only place that
 * knows Traefik's keys.
 * @see https://github.com/traefik/traefik-helm-chart/blob/master/traefik/values.yaml
 */
import {
  MODERN_CIPHERS_GO,
  affinity,
  podAnnotations,
  podLabels,
  zoneSpread,
  type ControllerSettings,
} from "./common";

/** Container ports of the `web` and `websecure` entry points. */
export const TRAEFIK_CONTAINER_PORTS = [8000, 8443] as const;

/** Name of the headers Middleware that adds HSTS on `websecure`. */
export function traefikHstsMiddleware(s: ControllerSettings): string {
  return `${s.releaseName}-hsts`;
}

export function traefikValues(s: ControllerSettings): Record<string, unknown> {
  const hstsName = traefikHstsMiddleware(s);
  return {
    deployment: {
      kind: s.kind,
      ...(s.replicas !== undefined ? { replicas: s.replicas } : {}),
      podLabels: podLabels(s),
      podAnnotations: podAnnotations(s, TRAEFIK_CONTAINER_PORTS),
    },
    ingressClass: { enabled: true, isDefaultClass: false, name: s.ingressClassName },
    providers: {
      kubernetesIngress: {
        enabled: true,
        // Meshed: route to the Service's cluster IP (like ingress-nginx `service-upstream`) so
        // the sidecar sees a service destination, not a pod IP.
        ...(s.mesh ? { nativeLBByDefault: true } : {}),
      },
      // IngressRoutes (reencrypt) carry the IngressClass name; unset, the CRD provider takes
      // only "traefik" and unclassed ones (crd/kubernetes.go shouldProcessIngress).
      ...(s.ingressClassName !== "traefik"
        ? { kubernetesCRD: { ingressClass: s.ingressClassName } }
        : {}),
    },
    ports: {
      web: s.redirectToHttps
        ? {
            http: {
              redirections: { entryPoint: { to: "websecure", scheme: "https", permanent: true } },
            },
          }
        : {},
      websecure: s.hsts
        ? { http: { middlewares: [`${s.namespace}-${hstsName}@kubernetescrd`] } }
        : {},
    },
    // The HSTS headers Middleware ships with the release: a missing referenced Middleware would
    // take every router on `websecure` down.
    extraObjects: s.hsts
      ? [
          {
            apiVersion: "traefik.io/v1alpha1",
            kind: "Middleware",
            metadata: { name: hstsName, namespace: s.namespace },
            spec: {
              headers: {
                stsSeconds: s.hsts.maxAgeSeconds,
                stsIncludeSubdomains: s.hsts.includeSubDomains,
              },
            },
          },
        ]
      : [],
    tlsOptions: {
      default:
        s.tlsMinVersion === "1.3"
          ? { minVersion: "VersionTLS13" }
          : { minVersion: "VersionTLS12", cipherSuites: [...MODERN_CIPHERS_GO] },
    },
    tlsStore: { default: { defaultCertificate: { secretName: s.defaultCertificateSecret } } },
    podDisruptionBudget: s.podDisruptionBudget
      ? { enabled: true, ...s.podDisruptionBudget }
      : { enabled: false },
    affinity: affinity(s),
    topologySpreadConstraints: zoneSpread(s),
    autoscaling: s.autoscaling
      ? {
          enabled: true,
          minReplicas: s.autoscaling.min,
          maxReplicas: s.autoscaling.max,
          metrics: [
            {
              type: "Resource",
              resource: {
                name: "cpu",
                target: { type: "Utilization", averageUtilization: s.autoscaling.targetCPU },
              },
            },
          ],
        }
      : { enabled: false },
    metrics: s.metrics
      ? // The chart exposes the metrics port only through its own metrics Service; without it
        // a ServiceMonitor (the chart's or CertificateAlerts') finds nothing to scrape.
        {
          prometheus: { service: { enabled: true }, serviceMonitor: { enabled: s.serviceMonitor } },
        }
      : { prometheus: null },
  };
}
