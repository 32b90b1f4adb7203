/**
 * Alerts and a dashboard for certificates: ServiceMonitors for cert-manager and the ingress
 * controller, a PrometheusRule (expiry, readiness, issuers, ACME rate limits, served
 * certificates) and a Grafana dashboard ConfigMap. Let's Encrypt no longer mails expiry
 * warnings, so this is where an expiring certificate gets noticed.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  CERTIFICATE_ALERTS_INPUTS,
  validateCertificateAlertsArgs,
  type CertificateAlertsArgs,
} from "./certificate-alerts-args";
import { checkedWhenKnown } from "../lib/inputs";
import { certificateDashboard, DASHBOARD_UID } from "./dashboard";
import { CERT_MANAGER_SCRAPE, CONTROLLER_METRICS } from "./metrics";
import { certificateRules, servedCertificateRules, type Thresholds } from "./rules";
import { hasPulumiType } from "../lib/instance";

/** Metadata name of the PrometheusRule. */
export const RULE_NAME = "tls-edge-certificates";
/** Key of the dashboard JSON in its ConfigMap. */
export const DASHBOARD_KEY = `${DASHBOARD_UID}.json`;
/** Window over which ACME 429 answers count. */
const RATE_LIMIT_WINDOW = "1h";

/** Prometheus Operator monitors, certificate alert rules and a Grafana dashboard. */
export class CertificateAlerts extends pulumi.ComponentResource {
  /** The Pulumi type token of CertificateAlerts. */
  public static readonly __pulumiType = "tls-edge:monitoring:CertificateAlerts";

  /** Whether `obj` is a CertificateAlerts, also one made by another loaded copy of tls-edge. */
  public static override isInstance(obj: unknown): obj is CertificateAlerts {
    return hasPulumiType(obj, CertificateAlerts.__pulumiType);
  }

  /** Namespace of the PrometheusRule and the dashboard. */
  public readonly namespace: string;
  public readonly ruleName: string;
  /** Names of the alerts the rule defines. */
  public readonly alerts: readonly string[];
  /** Name of the dashboard ConfigMap. */
  public readonly dashboardName: string;
  /** The controller metric served-certificate alerts use; undefined when it exports none. */
  public readonly servedCertificateMetric?: string;

  constructor(name: string, args: CertificateAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
    validateCertificateAlertsArgs(args);
    super(CertificateAlerts.__pulumiType, name, {}, opts);
    // Thresholds given as Outputs: the same checks once known, before the rules take them.
    args = checkedWhenKnown(args, CERTIFICATE_ALERTS_INPUTS, validateCertificateAlertsArgs);
    this.namespace = args.namespace ?? "monitoring";
    this.ruleName = RULE_NAME;
    this.dashboardName = `${DASHBOARD_UID}-dashboard`;
    const cmNamespace = args.certManagerNamespace ?? "cert-manager";
    // No empty map: the API server drops it, and every later `up` would diff against it.
    const labels = Object.keys(args.prometheusLabels ?? {}).length
      ? { labels: { ...args.prometheusLabels } }
      : {};
    const ctrl = args.ingressController;
    const ctrlMetrics = ctrl ? CONTROLLER_METRICS[ctrl.controller] : undefined;
    if (ctrlMetrics?.servedExpiry) this.servedCertificateMetric = ctrlMetrics.servedExpiry.metric;

    if (args.certManagerServiceMonitor ?? true) {
      new k8s.apiextensions.CustomResource(
        `${name}-cert-manager-monitor`,
        {
          apiVersion: "monitoring.coreos.com/v1",
          kind: "ServiceMonitor",
          metadata: { name: "tls-edge-cert-manager", namespace: cmNamespace, ...labels },
          spec: {
            selector: { matchLabels: { ...CERT_MANAGER_SCRAPE.selector } },
            namespaceSelector: { matchNames: [cmNamespace] },
            // honorLabels keeps cert-manager's own `namespace` label (the certificate's) instead
            // of renaming it to `exported_namespace`, so the rules can name certificates.
            endpoints: [
              {
                port: CERT_MANAGER_SCRAPE.port,
                path: CERT_MANAGER_SCRAPE.path,
                interval: "60s",
                honorLabels: true,
              },
            ],
          },
        },
        { parent: this },
      );
    }
    if (ctrl && ctrlMetrics && (args.controllerServiceMonitor ?? true)) {
      new k8s.apiextensions.CustomResource(
        `${name}-controller-monitor`,
        {
          apiVersion: "monitoring.coreos.com/v1",
          kind: "ServiceMonitor",
          metadata: { name: `tls-edge-${ctrl.controller}`, namespace: ctrl.namespace, ...labels },
          spec: {
            selector: { matchLabels: ctrlMetrics.selector(ctrl.namespace) },
            namespaceSelector: { matchNames: [ctrl.namespace] },
            endpoints: [
              {
                port: ctrlMetrics.port,
                path: ctrlMetrics.path,
                interval: "30s",
                honorLabels: true,
              },
            ],
          },
        },
        { parent: this },
      );
    }

    const thresholds: pulumi.Output<Thresholds> = pulumi
      .all([args.expiryWarningDays ?? 15, args.expiryCriticalDays ?? 7, args.notReadyFor ?? "10m"])
      .apply(([warningDays, criticalDays, notReadyFor]) => ({
        warningDays,
        criticalDays,
        notReadyFor,
        rateLimitWindow: RATE_LIMIT_WINDOW,
      }));

    const alertNames = certificateRules({
      warningDays: 0,
      criticalDays: 0,
      notReadyFor: "0m",
      rateLimitWindow: RATE_LIMIT_WINDOW,
    }).map((r) => r.alert);
    if (ctrlMetrics?.servedExpiry) alertNames.push("ServedCertificateExpiringSoon");
    this.alerts = alertNames;

    new k8s.apiextensions.CustomResource(
      `${name}-rules`,
      {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PrometheusRule",
        metadata: { name: RULE_NAME, namespace: this.namespace, ...labels },
        spec: thresholds.apply((t) => {
          const served =
            ctrl && ctrlMetrics ? servedCertificateRules(ctrl.controller, ctrlMetrics, t) : [];
          return {
            groups: [
              { name: "tls-edge.certificates", rules: certificateRules(t) },
              ...(served.length ? [{ name: "tls-edge.ingress-controller", rules: served }] : []),
            ],
          };
        }),
      },
      { parent: this },
    );

    new k8s.core.v1.ConfigMap(
      `${name}-dashboard`,
      {
        metadata: {
          name: this.dashboardName,
          namespace: this.namespace,
          labels: { grafana_dashboard: "1" },
        },
        data: thresholds.apply((t) => ({
          [DASHBOARD_KEY]: JSON.stringify(
            certificateDashboard(
              t,
              ctrl && ctrlMetrics ? { kind: ctrl.controller, metrics: ctrlMetrics } : undefined,
            ),
            null,
            2,
          ),
        })),
      },
      { parent: this },
    );

    this.registerOutputs({
      namespace: this.namespace,
      ruleName: this.ruleName,
      alerts: this.alerts,
      dashboardName: this.dashboardName,
      servedCertificateMetric: this.servedCertificateMetric,
    });
  }
}
