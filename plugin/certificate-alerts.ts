/**
 * CertificateAlerts as other languages see it: the library's arguments, with the monitored ingress
 * controller by its resource name (an IngressController of this package constructed earlier in
 * the same program).
 */
import * as pulumi from "@pulumi/pulumi";
import * as lib from "../components/monitoring";
import { controllerNamed } from "./ingress-controller";

/** Arguments of certificate alerts, monitors and a dashboard. */
export interface CertificateAlertsArgs extends lib.CertificateAlertsSettingsArgs {
  /**
   * Name of the IngressController (of this package, created before: list it in `dependsOn`)
   * whose metrics and served certificates to watch.
   */
  readonly ingressController?: string;
}

/** Prometheus Operator monitors, certificate alert rules and a Grafana dashboard. */
export class CertificateAlerts extends pulumi.ComponentResource {
  /** Namespace of the PrometheusRule and the dashboard. */
  public readonly namespace: string;
  /** Name of the PrometheusRule. */
  public readonly ruleName: string;
  /** Names of the alerts the rule defines. */
  public readonly alerts: string[];
  /** Name of the dashboard ConfigMap. */
  public readonly dashboardName: string;
  /** The controller metric served-certificate alerts use; absent when it exports none. */
  public readonly servedCertificateMetric?: string;

  constructor(name: string, args: CertificateAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
    // The controller resolved and arguments checked before anything is registered.
    const { ingressController, ...rest } = args;
    const libArgs: lib.CertificateAlertsArgs = {
      ...rest,
      ...(ingressController !== undefined
        ? {
            ingressController: controllerNamed(
              "CertificateAlertsArgs.ingressController",
              ingressController,
            ),
          }
        : {}),
    };
    lib.validateCertificateAlertsArgs(libArgs);
    super("tls-edge:index:CertificateAlerts", name, {}, opts);
    const alerts = new lib.CertificateAlerts(name, libArgs, { parent: this });
    this.namespace = alerts.namespace;
    this.ruleName = alerts.ruleName;
    this.alerts = [...alerts.alerts];
    this.dashboardName = alerts.dashboardName;
    if (alerts.servedCertificateMetric !== undefined) {
      this.servedCertificateMetric = alerts.servedCertificateMetric;
    }
    this.registerOutputs({
      namespace: this.namespace,
      ruleName: this.ruleName,
      alerts: this.alerts,
      dashboardName: this.dashboardName,
      servedCertificateMetric: this.servedCertificateMetric,
    });
  }
}
