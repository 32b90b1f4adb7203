/**
 * `IngressController` args and their validation: what a platform engineer sets, checked before
 * anything is registered.
 */
import type * as pulumi from "@pulumi/pulumi";
import { CONTROLLERS, ControllerKind } from "../known";
import type { CertificateIssuer } from "../issuers/issuer-ref";
import type { MeshJoin } from "../mesh/types";
import type { GatewayApiCrds } from "./gateway-api-crds";
import { hostProblem, isWildcard } from "../lib/hosts";
import { checkChartOverride, type ChartOverride } from "../lib/chart-source";
import { isKnown, outputProblems } from "../lib/inputs";
import { Problems } from "../lib/problems";
import { resourceProblems } from "./resources";
import {
  GATEWAY_PROVIDERS,
  type AntiAffinity,
  type ContainerResources,
  type TlsMinVersion,
  type WorkloadKind,
} from "./values";
import { isDns1123Label, isDns1123Subdomain } from "../lib/names";

/** A PodDisruptionBudget: one of the two bounds. */
export type DisruptionBudgetArgs =
  | { readonly minAvailable: number; readonly maxUnavailable?: never }
  | { readonly maxUnavailable: number; readonly minAvailable?: never };

/** Horizontal autoscaling on CPU. */
export interface AutoscalingArgs {
  readonly min: number;
  readonly max: number;
  /** Target average CPU utilisation, percent. @default 80 */
  readonly targetCPU?: number;
}

/** The certificate served when no Ingress certificate matches the SNI. */
export type DefaultCertificateArgs =
  | {
      /** Issuer of a cert-manager Certificate the component creates. */
      readonly issuer: CertificateIssuer;
      /** Names on that certificate, e.g. the load balancer's DNS name. */
      readonly dnsNames: readonly string[];
      /** @default "<name>-default-tls" */
      readonly secretName?: string;
    }
  | {
      /** An existing `kubernetes.io/tls` Secret in the controller's namespace. */
      readonly secretName: string;
      readonly issuer?: never;
      readonly dnsNames?: never;
    };

/** Client-facing TLS settings. */
export interface ControllerTlsArgs {
  /** Redirect HTTP to HTTPS with a 301/308. @default true */
  readonly redirectToHttps?: boolean;
  /** HSTS; `false` turns it off. @default { maxAgeSeconds: 31536000, includeSubDomains: true } */
  readonly hsts?: false | { readonly maxAgeSeconds?: number; readonly includeSubDomains?: boolean };
  /** Lowest TLS version offered. @default "1.2" */
  readonly minVersion?: TlsMinVersion;
}

export interface IngressControllerArgs {
  /** Which controller to install. @default "traefik" */
  readonly controller?: ControllerKind;
  /** Namespace the component creates for the controller. @default the controller's name */
  readonly namespace?: string;
  /** IngressClass name Ingresses select. @default "traefik" | "haproxy" | "nginx" */
  readonly ingressClassName?: string;
  /** Deployment or DaemonSet. @default "Deployment" */
  readonly kind?: WorkloadKind;
  /** Replicas of a Deployment without autoscaling. @default 2 */
  readonly replicas?: pulumi.Input<number>;
  /** Pod anti-affinity on `kubernetes.io/hostname`. @default "preferred" (Deployment) */
  readonly antiAffinity?: AntiAffinity;
  /** Spread pods across `topology.kubernetes.io/zone`. @default false */
  readonly zoneSpread?: boolean;
  /** @default { maxUnavailable: 1 } for a Deployment with 2+ replicas, none otherwise */
  readonly podDisruptionBudget?: DisruptionBudgetArgs;
  /** HorizontalPodAutoscaler bounds; replaces `replicas`. */
  readonly autoscaling?: AutoscalingArgs;
  /**
   * Requests and limits of the controller container. An autoscaler on CPU utilisation needs
   * `requests.cpu` (without it the HPA takes no action).
   * @default with autoscaling, DEFAULT_AUTOSCALING_RESOURCES; otherwise the chart's (none)
   * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#how-does-a-horizontalpodautoscaler-work
   */
  readonly resources?: ContainerResources;
  /** How many schedulable nodes the cluster has, to check required anti-affinity. */
  readonly nodes?: number;
  /** @default redirect, HSTS one year with subdomains, TLS 1.2+ */
  readonly tls?: ControllerTlsArgs;
  /** Certificate served instead of the controller's built-in fake one. */
  readonly defaultCertificate: DefaultCertificateArgs;
  /** Expose Prometheus metrics. @default true */
  readonly metrics?: boolean;
  /** Create a ServiceMonitor (Prometheus Operator). @default true */
  readonly serviceMonitor?: boolean;
  /** Join the controller to a mesh. @see https://istio.io/latest/docs/ops/integrations/ */
  readonly mesh?: MeshJoin;
  /** Let Ingresses use `passthrough` (ingress-nginx: `--enable-ssl-passthrough`). @default false */
  readonly sslPassthrough?: boolean;
  /** Install the chart; `false` computes everything but skips the Release. @default true */
  readonly installChart?: boolean;
  /** A local copy of the pinned chart, and chart values laid over the component's. */
  readonly chart?: ChartOverride;
  /**
   * Turn on the controller's Gateway API provider and GatewayClass (Traefik only); the release
   * waits for these CRDs.
   * @see https://doc.traefik.io/traefik/reference/install-configuration/providers/kubernetes/kubernetes-gateway/
   */
  readonly gatewayApi?: GatewayApiCrds;
}

/**
 * The IngressClass Ingresses select on this controller: `ingressClassName`, or the one its chart
 * creates. A pure function of the args, so a solver can be configured before the controller.
 */
export function ingressClassNameOf(
  args: Pick<IngressControllerArgs, "controller" | "ingressClassName">,
): string {
  return args.ingressClassName ?? CONTROLLERS[args.controller ?? "traefik"].ingressClass.name;
}

/** The one argument that may be an Output: checked again once known (`checkedWhenKnown`). */
export const INGRESS_CONTROLLER_INPUTS = ["replicas"] as const;

/**
 * Checks every plain value; `replicas` given as an Output is checked with the same messages when
 * it is known, by the component. Any other argument given as an Output is refused.
 */
export function validateIngressControllerArgs(args: IngressControllerArgs): void {
  const p = new Problems();
  const at = "IngressControllerArgs";
  outputProblems(
    p,
    at,
    args,
    INGRESS_CONTROLLER_INPUTS,
    "the namespace, chart values, certificate and budgets are decided from it at construction",
  );
  p.throwIfAny();
  const controller = args.controller ?? "traefik";
  const kinds = Object.values(ControllerKind) as string[];
  if (!kinds.includes(controller)) {
    p.add(
      `${at}.controller`,
      `${JSON.stringify(controller)} is not a known controller`,
      `use one of ${kinds.join(", ")}`,
    );
  } else {
    checkChartOverride(
      p,
      `${at}.chart`,
      args.chart,
      CONTROLLERS[controller as ControllerKind].chart,
    );
  }
  for (const [key, value] of [
    ["namespace", args.namespace],
    ["ingressClassName", args.ingressClassName],
  ] as const) {
    if (value !== undefined && !isDns1123Label(value)) {
      p.add(
        `${at}.${key}`,
        `${JSON.stringify(value)} is not a valid Kubernetes name`,
        "use lower-case letters, digits and '-', at most 63 characters",
      );
    }
  }
  const daemonSet = args.kind === "DaemonSet";
  const replicas = isKnown(args.replicas) ? args.replicas : undefined;
  const a = args.autoscaling;
  if (daemonSet) {
    if (args.replicas !== undefined)
      p.add(
        `${at}.replicas`,
        "is set on a DaemonSet, which runs one pod per node",
        'drop replicas or use kind "Deployment"',
      );
    if (a)
      p.add(
        `${at}.autoscaling`,
        "is set on a DaemonSet, which an autoscaler cannot scale",
        'drop autoscaling or use kind "Deployment"',
      );
    if (args.podDisruptionBudget)
      p.add(
        `${at}.podDisruptionBudget`,
        "is set on a DaemonSet, whose pods node drains do not evict",
        'drop podDisruptionBudget or use kind "Deployment"',
      );
    if (args.antiAffinity !== undefined && args.antiAffinity !== "none")
      p.add(
        `${at}.antiAffinity`,
        `${JSON.stringify(args.antiAffinity)} on a DaemonSet has no effect: it already runs one pod per node`,
        'drop antiAffinity or use kind "Deployment"',
      );
    if (args.zoneSpread)
      p.add(
        `${at}.zoneSpread`,
        "is set on a DaemonSet, which runs on every node of every zone",
        'drop zoneSpread or use kind "Deployment"',
      );
  }
  if (replicas !== undefined && (!Number.isInteger(replicas) || replicas < 1)) {
    p.add(
      `${at}.replicas`,
      `${replicas} is not a positive whole number`,
      "use 1 or more (2+ for HA)",
    );
  }
  if (a) {
    if (args.replicas !== undefined)
      p.add(
        `${at}.replicas`,
        "is set together with autoscaling, which owns the replica count",
        "drop replicas and size with autoscaling.min",
      );
    if (!Number.isInteger(a.min) || a.min < 1)
      p.add(
        `${at}.autoscaling.min`,
        `${a.min} is not a positive whole number`,
        "use 1 or more (2+ for HA)",
      );
    if (a.min > a.max)
      p.add(
        `${at}.autoscaling`,
        `min ${a.min} is greater than max ${a.max}`,
        "make max at least min",
      );
    if (a.targetCPU !== undefined && (a.targetCPU <= 0 || a.targetCPU > 100))
      p.add(
        `${at}.autoscaling.targetCPU`,
        `${a.targetCPU} is not a percentage`,
        "use a value between 1 and 100",
      );
    if (args.resources && args.resources.requests?.cpu === undefined)
      p.add(
        `${at}.resources.requests.cpu`,
        "is missing while autoscaling is on, and an autoscaler on CPU utilisation takes no action without a CPU request",
        'set it (e.g. "100m"), or drop resources to use the defaults (requests cpu 100m, memory 128Mi)',
      );
  }
  if (args.resources) resourceProblems(p, `${at}.resources`, args.resources);
  // The fewest pods that can be running: what a budget and anti-affinity have to work with.
  const floor = daemonSet
    ? undefined
    : a
      ? a.min
      : (replicas ?? (args.replicas === undefined ? 2 : undefined));
  const ceiling = daemonSet
    ? undefined
    : a
      ? a.max
      : (replicas ?? (args.replicas === undefined ? 2 : undefined));
  const pdb = args.podDisruptionBudget;
  if (pdb && !daemonSet) {
    if (pdb.minAvailable !== undefined && pdb.maxUnavailable !== undefined) {
      p.add(
        `${at}.podDisruptionBudget`,
        "sets both minAvailable and maxUnavailable",
        "set only one",
      );
    } else if (floor !== undefined && floor < 2) {
      p.add(
        `${at}.podDisruptionBudget`,
        `is set with ${floor} replica, so it protects nothing (ingress-nginx does not even render it)`,
        "run at least 2 replicas or drop podDisruptionBudget",
      );
    } else if (pdb.minAvailable !== undefined && floor !== undefined && pdb.minAvailable >= floor) {
      p.add(
        `${at}.podDisruptionBudget.minAvailable`,
        `${pdb.minAvailable} is not below the ${floor} replicas, so it blocks every eviction and node drain`,
        `use at most ${floor - 1}, or maxUnavailable: 1`,
      );
    } else if (pdb.maxUnavailable !== undefined && pdb.maxUnavailable < 1) {
      p.add(
        `${at}.podDisruptionBudget.maxUnavailable`,
        `${pdb.maxUnavailable} blocks every eviction and node drain`,
        "use 1 or more",
      );
    }
  }
  if (
    args.antiAffinity === "required" &&
    !daemonSet &&
    args.nodes !== undefined &&
    ceiling !== undefined &&
    ceiling > args.nodes
  ) {
    const what = a ? `autoscaling.max ${ceiling}` : `${ceiling} replicas`;
    p.add(
      `${at}.antiAffinity`,
      `"required" with ${what} on ${args.nodes} nodes leaves ${ceiling - args.nodes} pod(s) unschedulable`,
      `use "preferred", or at most ${args.nodes} replicas`,
    );
  }
  const dc = args.defaultCertificate as DefaultCertificateArgs | undefined;
  if (!dc) {
    const subject =
      CONTROLLERS[controller as ControllerKind]?.defaultCertificateSubject ?? "built-in";
    p.add(
      `${at}.defaultCertificate`,
      `is missing, so clients without a matching SNI get the controller's "${subject}" certificate`,
      "give an issuer and dnsNames, or the secretName of an existing TLS Secret",
    );
  } else {
    if (dc.secretName !== undefined && !isDns1123Subdomain(dc.secretName)) {
      p.add(
        `${at}.defaultCertificate.secretName`,
        `${JSON.stringify(dc.secretName)} is not a valid Secret name`,
        "use lower-case letters, digits, '-' and '.'",
      );
    }
    if (dc.issuer) {
      if (dc.dnsNames.length === 0)
        p.add(
          `${at}.defaultCertificate.dnsNames`,
          "is empty",
          "list the names clients use to reach the controller",
        );
      dc.dnsNames.forEach((host, i) => {
        const problem = hostProblem(host);
        if (problem)
          p.add(
            `${at}.defaultCertificate.dnsNames[${i}]`,
            `${JSON.stringify(host)} ${problem}`,
            "use a lower-case DNS name such as edge.example.com",
          );
        else if (isWildcard(host) && !dc.issuer.supportsWildcards)
          p.add(
            `${at}.defaultCertificate.dnsNames[${i}]`,
            `${JSON.stringify(host)} is a wildcard but the issuer "${dc.issuer.issuerName}" cannot issue wildcards`,
            "use an issuer with a DNS-01 solver or drop the wildcard",
          );
      });
      const ns = args.namespace ?? controller;
      if (dc.issuer.issuerKind === "Issuer" && dc.issuer.issuerNamespace !== ns) {
        p.add(
          `${at}.defaultCertificate.issuer`,
          `the Issuer "${dc.issuer.issuerName}" lives in namespace "${dc.issuer.issuerNamespace ?? ""}", not "${ns}"`,
          "use a ClusterIssuer or an Issuer in the controller's namespace",
        );
      }
    }
  }
  if (args.serviceMonitor === true && args.metrics === false) {
    p.add(
      `${at}.serviceMonitor`,
      "is on while metrics are off",
      "turn metrics on or drop serviceMonitor",
    );
  }
  if (args.sslPassthrough && controller === "traefik") {
    p.add(
      `${at}.sslPassthrough`,
      "Traefik passes TLS through only with IngressRouteTCP, which tls-edge does not emit",
      "use a TlsGateway passthrough listener, or controller haproxy or ingress-nginx",
    );
  }
  if (args.gatewayApi && !GATEWAY_PROVIDERS[controller as ControllerKind]) {
    p.add(
      `${at}.gatewayApi`,
      `${JSON.stringify(controller)} has no Gateway API provider tls-edge configures`,
      'drop gatewayApi, or use controller "traefik"',
    );
  }
  const hsts = args.tls?.hsts;
  if (
    hsts &&
    hsts.maxAgeSeconds !== undefined &&
    (!Number.isInteger(hsts.maxAgeSeconds) || hsts.maxAgeSeconds < 0)
  ) {
    p.add(
      `${at}.tls.hsts.maxAgeSeconds`,
      `${hsts.maxAgeSeconds} is not a whole number of seconds`,
      "use e.g. 31536000 (one year)",
    );
  }
  p.throwIfAny();
}
