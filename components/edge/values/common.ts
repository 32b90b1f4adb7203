/**
 * The chart-neutral settings `IngressController` resolves from its args, and the pieces every
 * values mapper shares. Each controller's chart keys live in its own mapper next to this file.
 */
import type { ControllerKind } from "../../known";
import type { MeshJoin } from "../../mesh/types";

/** How the controller pods run. */
export const WorkloadKind = { Deployment: "Deployment", DaemonSet: "DaemonSet" } as const;
export type WorkloadKind = (typeof WorkloadKind)[keyof typeof WorkloadKind];

/** Pod anti-affinity on `kubernetes.io/hostname`. */
export const AntiAffinity = { required: "required", preferred: "preferred", none: "none" } as const;
export type AntiAffinity = (typeof AntiAffinity)[keyof typeof AntiAffinity];

/** Minimum TLS protocol version offered to clients. */
export const TlsMinVersion = { tls12: "1.2", tls13: "1.3" } as const;
export type TlsMinVersion = (typeof TlsMinVersion)[keyof typeof TlsMinVersion];

/** CPU and memory of the controller container, as Kubernetes quantities ("100m", "128Mi"). */
export interface ContainerResources {
  readonly requests?: { readonly cpu?: string; readonly memory?: string };
  readonly limits?: { readonly cpu?: string; readonly memory?: string };
}

/** Everything a values mapper needs, resolved and checked. */
export interface ControllerSettings {
  readonly controller: ControllerKind;
  readonly releaseName: string;
  readonly namespace: string;
  readonly ingressClassName: string;
  readonly kind: WorkloadKind;
  /** Undefined for a DaemonSet or when an autoscaler owns the count. */
  readonly replicas?: number;
  readonly antiAffinity: AntiAffinity;
  readonly zoneSpread: boolean;
  readonly podDisruptionBudget?: {
    readonly minAvailable?: number;
    readonly maxUnavailable?: number;
  };
  readonly autoscaling?: { readonly min: number; readonly max: number; readonly targetCPU: number };
  /** The controller container's requests and limits; set whenever autoscaling is. */
  readonly resources?: ContainerResources;
  /** Turn on the controller's Gateway API provider and its GatewayClass. */
  readonly gatewayApi: boolean;
  readonly redirectToHttps: boolean;
  readonly hsts?: { readonly maxAgeSeconds: number; readonly includeSubDomains: boolean };
  readonly tlsMinVersion: TlsMinVersion;
  /** Secret (in `namespace`) served when no Ingress certificate matches the SNI. */
  readonly defaultCertificateSecret: string;
  readonly metrics: boolean;
  readonly serviceMonitor: boolean;
  readonly mesh?: MeshJoin;
  readonly sslPassthrough: boolean;
}

/** A chart's Gateway API provider: the GatewayClass it creates and the ports it listens on. */
export interface GatewayProvider {
  readonly gatewayClassName: string;
  /** Ports the controller listens on, which its Gateway listeners must use. */
  readonly ports: { readonly http: number; readonly https: number };
  /** The controller Service's ports that clients reach those on. */
  readonly servicePorts: { readonly http: number; readonly https: number };
}

/** A chart values mapper: settings in, that chart's values out. */
export type ValuesMapper = (settings: ControllerSettings) => Record<string, unknown>;

/**
 * The pod label every mapper adds, so anti-affinity and spread select the controller's pods
 * without depending on each chart's own label scheme (Traefik's instance label, for one,
 * includes the namespace).
 */
export const POD_SELECTOR_LABEL = "edge.tls-edge.io/controller";

/** TLS 1.2 suites from Mozilla's "intermediate" profile (TLS 1.3 suites are not configurable). */
export const MODERN_CIPHERS_OPENSSL = [
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-RSA-AES128-GCM-SHA256",
  "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-RSA-AES256-GCM-SHA384",
  "ECDHE-ECDSA-CHACHA20-POLY1305",
  "ECDHE-RSA-CHACHA20-POLY1305",
] as const;

/** The same suites under their Go names, for Traefik. */
export const MODERN_CIPHERS_GO = [
  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
  "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
] as const;

/** The `Strict-Transport-Security` header value. */
export function hstsHeader(hsts: NonNullable<ControllerSettings["hsts"]>): string {
  return `max-age=${hsts.maxAgeSeconds}${hsts.includeSubDomains ? "; includeSubDomains" : ""}`;
}

/** Pod labels: the selector label, plus Istio's injection label when meshed with Istio. */
export function podLabels(s: ControllerSettings): Record<string, string> {
  return {
    [POD_SELECTOR_LABEL]: s.releaseName,
    ...(s.mesh?.provider === "istio" ? { "sidecar.istio.io/inject": "true" } : {}),
  };
}

/**
 * Pod annotations for joining a mesh. Istio: the sidecar takes the controller's outbound traffic
 * only; inbound client traffic (the controller's own listening ports) bypasses it, so clients
 * keep talking TLS to the controller. Linkerd: inject the proxy.
 * @see https://istio.io/latest/docs/reference/config/annotations/
 * @see https://linkerd.io/2/tasks/using-ingress/
 */
export function podAnnotations(
  s: ControllerSettings,
  containerPorts: readonly [number, number],
): Record<string, string> {
  if (s.mesh?.provider === "istio") {
    return {
      "traffic.sidecar.istio.io/includeInboundPorts": "",
      "traffic.sidecar.istio.io/excludeInboundPorts": containerPorts.join(","),
    };
  }
  if (s.mesh?.provider === "linkerd") return { "linkerd.io/inject": "enabled" };
  return {};
}

/** `affinity` for the chosen anti-affinity, or `{}` for none. */
export function affinity(s: ControllerSettings): Record<string, unknown> {
  const term = {
    labelSelector: { matchLabels: { [POD_SELECTOR_LABEL]: s.releaseName } },
    topologyKey: "kubernetes.io/hostname",
  };
  if (s.antiAffinity === "required") {
    return { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } };
  }
  if (s.antiAffinity === "preferred") {
    return {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }],
      },
    };
  }
  return {};
}

/** `topologySpreadConstraints` across zones, or `[]`. */
export function zoneSpread(s: ControllerSettings): Record<string, unknown>[] {
  if (!s.zoneSpread) return [];
  return [
    {
      maxSkew: 1,
      topologyKey: "topology.kubernetes.io/zone",
      whenUnsatisfiable: "ScheduleAnyway",
      labelSelector: { matchLabels: { [POD_SELECTOR_LABEL]: s.releaseName } },
    },
  ];
}

/**
 * `autoscaling` as the HAProxy and ingress-nginx charts both spell it (a CPU utilisation target);
 * Traefik's chart takes HPA metrics instead.
 */
export function cpuAutoscaling(s: ControllerSettings): Record<string, unknown> {
  return s.autoscaling
    ? {
        enabled: true,
        minReplicas: s.autoscaling.min,
        maxReplicas: s.autoscaling.max,
        targetCPUUtilizationPercentage: s.autoscaling.targetCPU,
      }
    : { enabled: false };
}
