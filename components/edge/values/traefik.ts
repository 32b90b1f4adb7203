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
  type GatewayProvider,
} from "./common";

/**
 * The `web` and `websecure` entry points' ports (the chart's `ports.<name>.port`, which these
 * values leave at the chart's defaults). Traefik's Gateway provider maps a Gateway listener to
 * the entry point whose address ends in the listener's port, so listeners use these, not the
 * Service's 80/443 (traefik `pkg/provider/kubernetes/gateway/kubernetes.go`, `entryPointName`).
 */
export const TRAEFIK_ENTRYPOINT_PORTS = { web: 8000, websecure: 8443 } as const;

/** Container ports of the `web` and `websecure` entry points. */
export const TRAEFIK_CONTAINER_PORTS = [
  TRAEFIK_ENTRYPOINT_PORTS.web,
  TRAEFIK_ENTRYPOINT_PORTS.websecure,
] as const;

/** The GatewayClass the chart creates with the Gateway provider on (`gatewayClass.name`). */
export const TRAEFIK_GATEWAY_CLASS = "traefik";

/** Traefik's Gateway provider, as `traefikValues` turns it on. */
export const TRAEFIK_GATEWAY_PROVIDER: GatewayProvider = {
  gatewayClassName: TRAEFIK_GATEWAY_CLASS,
  ports: { http: TRAEFIK_ENTRYPOINT_PORTS.web, https: TRAEFIK_ENTRYPOINT_PORTS.websecure },
  // The chart's `ports.<name>.exposedPort` defaults, which these values keep.
  servicePorts: { http: 80, https: 443 },
};

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
      ...(s.gatewayApi
        ? { kubernetesGateway: { enabled: true, ...(s.mesh ? { nativeLBByDefault: true } : {}) } }
        : {}),
    },
    // The provider, its RBAC and the GatewayClass; Gateways are tls-edge's own (TlsGateway), so
    // the chart's default Gateway (a plain-HTTP listener on `web`) stays off.
    ...(s.gatewayApi
      ? {
          gateway: { enabled: false },
          gatewayClass: { enabled: true, name: TRAEFIK_GATEWAY_CLASS },
        }
      : {}),
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
    ...(s.resources ? { resources: s.resources } : {}),
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
