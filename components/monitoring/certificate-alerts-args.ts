/**
 * `CertificateAlerts` args and their validation, run before anything is registered.
 */
import type * as pulumi from "@pulumi/pulumi";
import { isKnown, outputProblems } from "../lib/inputs";
import { Problems } from "../lib/problems";
import { CONTROLLER_METRICS, type MonitoredControllerKind } from "./metrics";
import { isDns1123Label, isLabelKey, isLabelValue } from "../lib/names";

/** The arguments that may be Outputs: checked again once known, by the component. */
export const CERTIFICATE_ALERTS_INPUTS = [
  "expiryWarningDays",
  "expiryCriticalDays",
  "notReadyFor",
] as const;

/** The ingress controller to monitor, typed by shape so `IngressController` fits. */
export interface MonitoredController {
  /** Which controller; decides the metrics Service, port and served-certificate metric. */
  readonly controller: MonitoredControllerKind;
  /** Namespace the controller runs in. */
  readonly namespace: string;
}

export interface CertificateAlertsArgs extends CertificateAlertsSettingsArgs {
  /** The ingress controller whose metrics and served certificates to watch. */
  readonly ingressController?: MonitoredController;
}

/** All but the controller object: what other languages pass too (the plugin package). */
export interface CertificateAlertsSettingsArgs {
  /** Namespace of the PrometheusRule and the dashboard ConfigMap. @default "monitoring" */
  readonly namespace?: string;
  /** Namespace cert-manager runs in (release "cert-manager"). @default "cert-manager" */
  readonly certManagerNamespace?: string;
  /**
   * Warn when a certificate expires in fewer days.
   * @default 15 @see https://cert-manager.io/docs/devops-tips/prometheus-metrics/
   */
  readonly expiryWarningDays?: pulumi.Input<number>;
  /** Page when a certificate expires in fewer days. @default 7 */
  readonly expiryCriticalDays?: pulumi.Input<number>;
  /** How long a Certificate, Issuer or ClusterIssuer may stay not Ready. @default "10m" */
  readonly notReadyFor?: pulumi.Input<string>;
  /** Labels Prometheus' rule and monitor selectors match, e.g. `{ release: "kube-prometheus-stack" }`. @default {} */
  readonly prometheusLabels?: Readonly<Record<string, string>>;
  /**
   * Create cert-manager's ServiceMonitor (the controller only); turn off when the chart makes
   * its own (`CertManager` `serviceMonitor`), or every certificate is scraped twice.
   * @default true
   */
  readonly certManagerServiceMonitor?: boolean;
  /**
   * Create the controller's ServiceMonitor; turn off when its chart makes one
   * (`IngressController` `serviceMonitor`). @default true when `ingressController` is set
   */
  readonly controllerServiceMonitor?: boolean;
}

/** A Prometheus duration such as 10m or 1h30m. */
export const PROM_DURATION = /^([0-9]+(ms|s|m|h|d|w|y))+$/;

/**
 * Checks every plain value. Thresholds given as Outputs cannot be checked here; they are
 * rendered as given and Prometheus rejects a bad rule when it loads it.
 */
export function validateCertificateAlertsArgs(args: CertificateAlertsArgs): void {
  const p = new Problems();
  const at = "CertificateAlertsArgs";
  outputProblems(
    p,
    at,
    args,
    CERTIFICATE_ALERTS_INPUTS,
    "the objects made and their namespaces are decided from it at construction",
  );
  p.throwIfAny();
  for (const key of ["namespace", "certManagerNamespace"] as const) {
    const value = args[key];
    if (value !== undefined && !isDns1123Label(value))
      p.add(
        `${at}.${key}`,
        `${JSON.stringify(value)} is not a valid namespace name`,
        "use lower-case letters, digits and '-', at most 63 characters",
      );
  }
  const warning = isKnown(args.expiryWarningDays) ? args.expiryWarningDays : undefined;
  const critical = isKnown(args.expiryCriticalDays) ? args.expiryCriticalDays : undefined;
  for (const [key, value] of [
    ["expiryWarningDays", warning],
    ["expiryCriticalDays", critical],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1))
      p.add(`${at}.${key}`, `${value} is not a whole number of days`, "use 1 or more");
  }
  const w = warning ?? (args.expiryWarningDays === undefined ? 15 : undefined);
  const c = critical ?? (args.expiryCriticalDays === undefined ? 7 : undefined);
  if (w !== undefined && c !== undefined && Number.isInteger(w) && Number.isInteger(c) && c >= w)
    p.add(
      `${at}.expiryCriticalDays`,
      `${c} is not below expiryWarningDays ${w}, so the warning never fires first`,
      `use fewer than ${w} days`,
    );
  // cert-manager renews at two thirds of the lifetime (30 days before expiry for 90-day
  // certificates): a warning beyond that fires on every healthy certificate.
  if (w !== undefined && Number.isInteger(w) && w > 30)
    p.add(
      `${at}.expiryWarningDays`,
      `${w} days is before cert-manager's default renewal point (30 days before a 90-day certificate expires), so it fires on healthy certificates`,
      "use 30 or fewer",
    );
  if (isKnown(args.notReadyFor) && !PROM_DURATION.test(args.notReadyFor))
    p.add(
      `${at}.notReadyFor`,
      `${JSON.stringify(args.notReadyFor)} is not a Prometheus duration`,
      'use e.g. "10m" or "1h"',
    );
  const ctrl = args.ingressController;
  if (ctrl) {
    const kinds = Object.keys(CONTROLLER_METRICS);
    if (!kinds.includes(ctrl.controller))
      p.add(
        `${at}.ingressController.controller`,
        `${JSON.stringify(ctrl.controller)} is not a known controller`,
        `use one of ${kinds.join(", ")}`,
      );
    if (!isDns1123Label(ctrl.namespace))
      p.add(
        `${at}.ingressController.namespace`,
        `${JSON.stringify(ctrl.namespace)} is not a valid namespace name`,
        "use the controller's namespace",
      );
  } else if (args.controllerServiceMonitor === true) {
    p.add(
      `${at}.controllerServiceMonitor`,
      "is on but no ingressController is given",
      "pass the IngressController as ingressController or drop controllerServiceMonitor",
    );
  }
  for (const [key, value] of Object.entries(args.prometheusLabels ?? {})) {
    if (!isLabelKey(key))
      p.add(
        `${at}.prometheusLabels`,
        `${JSON.stringify(key)} is not a valid label key`,
        "use a key such as release",
      );
    else if (!isLabelValue(value))
      p.add(
        `${at}.prometheusLabels.${key}`,
        `${JSON.stringify(value)} is not a valid label value`,
        "use letters, digits, '-', '_' and '.', at most 63 characters",
      );
  }
  p.throwIfAny();
}
