/**
 * cert-manager from its official Helm chart, with the HA, metrics, Gateway API and ambient
 * credential switches tls-edge uses, and a handle issuers order after.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { GatewayApiCrds } from "./edge/gateway-api-crds";
import { CHARTS } from "./known";
import { show } from "./issuers/problems";
import { isDns1123Label } from "./lib/names";
import { isKnown } from "./lib/inputs";
import { Problems } from "./lib/problems";
import {
  checkChartOverride,
  overriddenValues,
  releaseChart,
  type ChartOverride,
} from "./lib/chart-source";
import { checkedWhenKnown, outputProblems } from "./lib/inputs";
import { hasPulumiType } from "./lib/instance";

/** cert-manager's three Deployments, as the chart labels them (`app.kubernetes.io/component`). */
export const CertManagerPart = {
  controller: "controller",
  webhook: "webhook",
  cainjector: "cainjector",
} as const;
export type CertManagerPart = (typeof CertManagerPart)[keyof typeof CertManagerPart];

/** The Helm release name; fixed so the chart's object names (`cert-manager-webhook`) are known. */
export const CERT_MANAGER_RELEASE = "cert-manager";

export interface CertManagerArgs extends CertManagerSettingsArgs {
  /**
   * The Gateway API CRDs the release waits for; turns gatewayApi on. Leave it out only where
   * the cluster has the CRDs already.
   */
  readonly gatewayApiCrds?: GatewayApiCrds;
  /**
   * A local copy of the pinned chart, and chart values laid over the component's: e.g.
   * `{ values: { webhook: { url: { host: "cert-manager-webhook.example.net" } } } }` when the
   * webhook runs outside the cluster (the chart's `webhook.url.host`).
   */
  readonly chart?: ChartOverride;
}

/**
 * The settings other languages pass too (the plugin package): all but the CRDs component and the
 * chart override, whose values may be of any shape.
 */
export interface CertManagerSettingsArgs {
  /**
   * Namespace cert-manager runs in, also where ClusterIssuers' Secrets live (plain: issuers need
   * it at construction).
   * @default "cert-manager"
   */
  readonly namespace?: string;
  /** Create the namespace; turn off when it exists already. @default true */
  readonly createNamespace?: boolean;
  /**
   * Install the Helm chart. Off for offline rendering (charts cannot be fetched) or when
   * cert-manager is installed by other means; issuers then order after the namespace only.
   * @default true
   */
  readonly installChart?: boolean;
  /**
   * Controller replicas (leader-elected: extra replicas are warm standbys).
   * @default 1
   * @see https://cert-manager.io/docs/installation/best-practice/#high-availability
   */
  readonly replicas?: pulumi.Input<number>;
  /** Webhook replicas; the webhook serves every API write of cert-manager objects. @default replicas */
  readonly webhookReplicas?: pulumi.Input<number>;
  /** cainjector replicas. @default replicas */
  readonly cainjectorReplicas?: pulumi.Input<number>;
  /**
   * PodDisruptionBudgets (`minAvailable: 1`) for the controller, webhook and cainjector; needs
   * at least 2 replicas of each, since with 1 the budget blocks every eviction.
   * @default true when replicas > 1
   */
  readonly podDisruptionBudget?: boolean;
  /**
   * Spread each Deployment's pods across zones (`topology.kubernetes.io/zone`, maxSkew 1,
   * ScheduleAnyway).
   * @default true when replicas > 1
   */
  readonly topologySpread?: boolean;
  /**
   * Create the chart's Prometheus Operator ServiceMonitor (`prometheus.servicemonitor.enabled`)
   * for the controller, webhook and cainjector, keeping the metrics' own labels. Needs the
   * monitoring.coreos.com/v1 CRDs; leave `CertificateAlerts` `certManagerServiceMonitor` off
   * then, or every certificate is scraped twice.
   * @default false
   * @see https://cert-manager.io/docs/devops-tips/prometheus-metrics/
   */
  readonly serviceMonitor?: pulumi.Input<boolean>;
  /**
   * Gateway API support (`config.gatewayAPI.enabled` in the 1.21 ControllerConfiguration; the
   * Gateway API CRDs must be installed or the controller does not start).
   * @default true with gatewayApiCrds, else false
   * @see https://cert-manager.io/docs/usage/gateway/
   */
  readonly gatewayApi?: pulumi.Input<boolean>;
  /**
   * Annotations on the controller's ServiceAccount, e.g. `eks.amazonaws.com/role-arn` for IRSA.
   * @see https://cert-manager.io/docs/configuration/acme/dns01/route53/
   */
  readonly serviceAccountAnnotations?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Let namespaced Issuers use the controller's ambient credentials (IRSA, Pod Identity):
   * `--issuer-ambient-credentials`.
   * @default false
   * @see https://cert-manager.io/docs/cli/controller/
   */
  readonly issuerAmbientCredentials?: pulumi.Input<boolean>;
  /**
   * Let ClusterIssuers use ambient credentials; false adds
   * `--cluster-issuer-ambient-credentials=false`.
   * @default true
   */
  readonly clusterIssuerAmbientCredentials?: pulumi.Input<boolean>;
  /** Keep the CRDs (and every Certificate) when the release is removed (`crds.keep`). @default true */
  readonly keepCrds?: pulumi.Input<boolean>;
}

/** Exported so tests and the docs can show the exact chart values. */
export interface CertManagerReplicas {
  readonly controller: pulumi.Input<number>;
  readonly webhook: pulumi.Input<number>;
  readonly cainjector: pulumi.Input<number>;
}

function replicasOf(args: CertManagerArgs): CertManagerReplicas {
  const controller = args.replicas ?? 1;
  return {
    controller,
    webhook: args.webhookReplicas ?? controller,
    cainjector: args.cainjectorReplicas ?? controller,
  };
}

/** More than one replica, as far as is known now (an Output counts as not known: false). */
function isHa(value: pulumi.Input<number>): boolean {
  return typeof value === "number" && value > 1;
}

/** The arguments that may be Outputs (typed `pulumi.Input`). */
const CERT_MANAGER_INPUTS = [
  "replicas",
  "webhookReplicas",
  "cainjectorReplicas",
  "serviceMonitor",
  "gatewayApi",
  "serviceAccountAnnotations",
  "issuerAmbientCredentials",
  "clusterIssuerAmbientCredentials",
  "keepCrds",
] as const;
/** Of those, the ones validation reads: checked again once known. */
const CERT_MANAGER_CHECKED = ["replicas", "webhookReplicas", "cainjectorReplicas", "gatewayApi"];

/**
 * Checks the args that are known now; replica counts and gatewayApi given as Outputs are checked
 * with the same messages once known, by the component. Outputs elsewhere are refused.
 */
export function validateCertManagerArgs(args: CertManagerArgs): void {
  const p = new Problems();
  outputProblems(
    p,
    "CertManagerArgs",
    args,
    CERT_MANAGER_INPUTS,
    "issuers read the namespace, and the objects made are decided from it, at construction",
  );
  p.throwIfAny();
  checkChartOverride(p, "CertManagerArgs.chart", args.chart, CHARTS.certManager);
  if (args.namespace !== undefined && !isDns1123Label(args.namespace)) {
    p.add(
      "CertManagerArgs.namespace",
      `${show(args.namespace)} is not a valid namespace name`,
      "use lower-case letters, digits and '-', at most 63 characters",
    );
  }
  const replicas = replicasOf(args);
  const fields: Record<CertManagerPart, string> = {
    controller: "replicas",
    webhook: "webhookReplicas",
    cainjector: "cainjectorReplicas",
  };
  for (const part of Object.values(CertManagerPart)) {
    const count = replicas[part];
    if (!isKnown(count)) continue;
    if (typeof count !== "number" || !Number.isInteger(count) || count < 1) {
      p.add(
        `CertManagerArgs.${fields[part]}`,
        `${show(count)} is not a whole number of at least 1`,
        `run at least 1 ${part} replica (2 or 3 for high availability)`,
      );
    } else if (args.podDisruptionBudget === true && count === 1) {
      p.add(
        `CertManagerArgs.${fields[part]}`,
        `1 ${part} replica with podDisruptionBudget enabled blocks every node drain`,
        `set ${fields[part]} to 2 or more, or turn podDisruptionBudget off`,
      );
    }
  }
  if (args.gatewayApi === false && args.gatewayApiCrds) {
    p.add(
      "CertManagerArgs.gatewayApiCrds",
      "is set while gatewayApi is false",
      "drop gatewayApiCrds, or leave gatewayApi unset",
    );
  }
  if (args.topologySpread === true && replicas.controller === 1) {
    p.add(
      "CertManagerArgs.topologySpread",
      "spreading 1 controller replica across zones has no effect",
      "set replicas to 2 or more, or leave topologySpread unset",
    );
  }
  p.throwIfAny();
}

function spread(part: CertManagerPart): Record<string, unknown>[] {
  return [
    {
      maxSkew: 1,
      topologyKey: "topology.kubernetes.io/zone",
      whenUnsatisfiable: "ScheduleAnyway",
      labelSelector: {
        matchLabels: {
          "app.kubernetes.io/instance": CERT_MANAGER_RELEASE,
          "app.kubernetes.io/component": part,
        },
      },
    },
  ];
}

/** The chart values for these args (after validation). */
export function certManagerValues(args: CertManagerArgs): Record<string, unknown> {
  const replicas = replicasOf(args);
  const ha = isHa(replicas.controller);
  const pdb = args.podDisruptionBudget ?? ha;
  const topology = args.topologySpread ?? ha;
  const part = (p: CertManagerPart): Record<string, unknown> => ({
    replicaCount: replicas[p],
    ...(pdb ? { podDisruptionBudget: { enabled: true, minAvailable: 1 } } : {}),
    ...(topology ? { topologySpreadConstraints: spread(p) } : {}),
  });
  const extraArgs = pulumi
    .all([args.issuerAmbientCredentials ?? false, args.clusterIssuerAmbientCredentials ?? true])
    .apply(([issuer, cluster]) => [
      ...(issuer ? ["--issuer-ambient-credentials"] : []),
      ...(cluster ? [] : ["--cluster-issuer-ambient-credentials=false"]),
    ]);
  return {
    crds: { enabled: true, keep: args.keepCrds ?? true },
    ...part(CertManagerPart.controller),
    extraArgs,
    ...(args.serviceAccountAnnotations
      ? { serviceAccount: { annotations: args.serviceAccountAnnotations } }
      : {}),
    config: {
      apiVersion: "controller.config.cert-manager.io/v1alpha1",
      kind: "ControllerConfiguration",
      gatewayAPI: { enabled: args.gatewayApi ?? args.gatewayApiCrds !== undefined },
    },
    prometheus: {
      enabled: true,
      servicemonitor: {
        enabled: args.serviceMonitor ?? false,
        // The certificate metrics carry the Certificate's own `namespace` label; the chart's
        // default (false) moves it to `exported_namespace` and names every certificate after
        // cert-manager's namespace.
        honorLabels: true,
      },
    },
    webhook: part(CertManagerPart.webhook),
    cainjector: part(CertManagerPart.cainjector),
  };
}

/**
 * cert-manager installed from the pinned chart (`CHARTS.certManager`), CRDs included.
 * Issuers take it as `certManager` and depend on `ready`, so a first `pulumi up` on an empty
 * cluster applies them only once the webhook answers.
 */
export class CertManager extends pulumi.ComponentResource {
  /** The Pulumi type token of CertManager. */
  public static readonly __pulumiType = "tls-edge:cert-manager:CertManager";

  /** Whether `obj` is a CertManager, also one made by another loaded copy of tls-edge. */
  public static override isInstance(obj: unknown): obj is CertManager {
    return hasPulumiType(obj, CertManager.__pulumiType);
  }

  /** Namespace cert-manager runs in. */
  public readonly namespace: string;
  /** Where ClusterIssuers' Secrets live (cert-manager's `--cluster-resource-namespace`). */
  public readonly clusterResourceNamespace: string;
  /** The Helm release, when installed; its await covers the webhook Deployment being ready. */
  public readonly release?: k8s.helm.v3.Release;
  /** What issuers and Certificates depend on. */
  public readonly ready: pulumi.Resource[];
  /** The chart values (also when the chart is not installed, for review). */
  public readonly values: pulumi.Output<Record<string, unknown>>;

  constructor(name: string, args: CertManagerArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    validateCertManagerArgs(args);
    super(CertManager.__pulumiType, name, {}, opts);

    this.namespace = args.namespace ?? "cert-manager";
    this.clusterResourceNamespace = this.namespace;
    // Replica counts given as Outputs: checked once known, and the HA settings (budgets,
    // spread) follow the counts then, as they do for plain ones.
    const checked = checkedWhenKnown(args, CERT_MANAGER_CHECKED, validateCertManagerArgs);
    const counts = [checked.replicas, checked.webhookReplicas, checked.cainjectorReplicas];
    const values: pulumi.Input<Record<string, unknown>> = counts.every(
      (c) => c === undefined || isKnown(c),
    )
      ? certManagerValues(checked)
      : pulumi
          .all(counts)
          .apply(([replicas, webhookReplicas, cainjectorReplicas]) =>
            pulumi.output(
              certManagerValues({ ...checked, replicas, webhookReplicas, cainjectorReplicas }),
            ),
          );
    const chartValues = overriddenValues(values, args.chart);
    this.values = pulumi.output(chartValues) as unknown as pulumi.Output<Record<string, unknown>>;

    const namespace =
      args.createNamespace === false
        ? undefined
        : new k8s.core.v1.Namespace(
            `${name}-namespace`,
            { metadata: { name: this.namespace } },
            { parent: this },
          );

    if (args.installChart !== false) {
      const chart = CHARTS.certManager;
      this.release = new k8s.helm.v3.Release(
        `${name}-release`,
        {
          name: CERT_MANAGER_RELEASE,
          ...releaseChart(chart, args.chart),
          namespace: this.namespace,
          values: chartValues,
          // Wait for every Deployment (the webhook included) before dependants are applied.
          skipAwait: false,
          timeout: 600,
        },
        {
          parent: this,
          // Was `<name>-chart`: the alias keeps the Helm release of existing stacks in place.
          aliases: [{ name: `${name}-chart` }],
          // With Gateway API support on, the controller crash-loops until the CRDs exist.
          dependsOn: [...(namespace ? [namespace] : []), ...(args.gatewayApiCrds?.ready ?? [])],
        },
      );
    }
    this.ready = this.release ? [this.release] : namespace ? [namespace] : [];

    this.registerOutputs({
      namespace: this.namespace,
      clusterResourceNamespace: this.clusterResourceNamespace,
      release: this.release,
      ready: this.ready,
      values: this.values,
    });
  }
}
