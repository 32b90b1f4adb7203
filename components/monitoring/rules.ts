/**
 * The PrometheusRule groups of `CertificateAlerts`: expressions over the metrics cert-manager
 * and the ingress controllers really export, with thresholds from the args.
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.Rule
 */
import { CERT_MANAGER_METRICS as M, type ControllerMetrics } from "./metrics";

/** Resolved thresholds. */
export interface Thresholds {
  readonly warningDays: number;
  readonly criticalDays: number;
  readonly notReadyFor: string;
  readonly rateLimitWindow: string;
}

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

/** Hours past its renewal time before a certificate counts as overdue: issuance takes minutes. */
export const RENEWAL_GRACE_HOURS = 1;

/** Days until a certificate's expiry, per series. */
export function daysLeft(metric: string): string {
  return `(${metric} - time()) / 86400`;
}

/**
 * Only the series of issued certificates: cert-manager reports 0 for a Certificate without
 * `status.notAfter` / `status.renewalTime`, which would read as expired since 1970.
 */
export function issued(metric: string): string {
  return `(${metric} > 0)`;
}

/**
 * The newest certificate the controller holds for each name. Traefik keeps the series of a
 * replaced certificate (other serial) until it restarts, so `min` would keep alerting on the
 * old certificate after every renewal; the newest one is what it serves.
 */
export function newestServed(served: NonNullable<ControllerMetrics["servedExpiry"]>): string {
  return `max by (${served.by.join(", ")}) (${served.metric})`;
}

export function certificateRules(t: Thresholds): AlertRule[] {
  const who = "{{ $labels.namespace }}/{{ $labels.name }}";
  return [
    {
      alert: "CertificateExpiringSoon",
      expr: `${daysLeft(issued(M.expiration))} < ${t.warningDays}`,
      for: "1h",
      labels: { severity: "warning" },
      annotations: {
        summary: `Certificate ${who} expires in under ${t.warningDays} days`,
        description: `${who} expires in {{ $value | humanize }} days and cert-manager has not renewed it; check its CertificateRequest and Order.`,
      },
    },
    {
      alert: "CertificateExpiryCritical",
      expr: `${daysLeft(issued(M.expiration))} < ${t.criticalDays}`,
      for: "15m",
      labels: { severity: "critical" },
      annotations: {
        summary: `Certificate ${who} expires in under ${t.criticalDays} days`,
        description: `${who} expires in {{ $value | humanize }} days; renew it now (cmctl renew).`,
      },
    },
    {
      // renewalTime follows each Certificate's own renewBefore, so this catches a stuck renewal
      // long before a fixed expiry threshold would, whatever the certificate's lifetime.
      alert: "CertificateRenewalOverdue",
      expr: `(time() - ${issued(M.renewal)}) / 3600 > ${RENEWAL_GRACE_HOURS}`,
      labels: { severity: "warning" },
      annotations: {
        summary: `Certificate ${who} is overdue for renewal`,
        description: `cert-manager should have renewed ${who} {{ $value | humanize }} hours ago; check its CertificateRequest, Order and the issuer.`,
      },
    },
    {
      alert: "CertificateNotReady",
      expr: `max by (namespace, name) (${M.ready}{condition!="True"}) == 1`,
      for: t.notReadyFor,
      labels: { severity: "warning" },
      annotations: {
        summary: `Certificate ${who} is not ready`,
        description: `${who} has not been Ready for ${t.notReadyFor}; see kubectl describe certificate.`,
      },
    },
    {
      alert: "ClusterIssuerNotReady",
      expr: `max by (name) (${M.clusterIssuerReady}{condition!="True"}) == 1`,
      for: t.notReadyFor,
      labels: { severity: "critical" },
      annotations: {
        summary: "ClusterIssuer {{ $labels.name }} is not ready",
        description: `ClusterIssuer {{ $labels.name }} has not been Ready for ${t.notReadyFor}; no certificate it signs can be issued or renewed.`,
      },
    },
    {
      alert: "IssuerNotReady",
      expr: `max by (namespace, name) (${M.issuerReady}{condition!="True"}) == 1`,
      for: t.notReadyFor,
      labels: { severity: "critical" },
      annotations: {
        summary: `Issuer ${who} is not ready`,
        description: `Issuer ${who} has not been Ready for ${t.notReadyFor}; no certificate it signs can be issued or renewed.`,
      },
    },
    {
      alert: "AcmeRateLimited",
      expr: `sum by (host) (increase(${M.acmeRequests}{status="429"}[${t.rateLimitWindow}])) > 0`,
      labels: { severity: "warning" },
      annotations: {
        summary: "ACME server {{ $labels.host }} is rate-limiting cert-manager",
        description: `The ACME server answered HTTP 429 in the last ${t.rateLimitWindow}; new orders wait until the limit resets. Use the staging directory while testing.`,
      },
    },
  ];
}

/** The alert on certificates the controller serves; none when it exports no such metric. */
export function servedCertificateRules(
  controller: string,
  metrics: ControllerMetrics,
  t: Thresholds,
): AlertRule[] {
  const served = metrics.servedExpiry;
  if (!served) return [];
  const name = served.by.map((l) => `{{ $labels.${l} }}`).join(" ");
  return [
    {
      alert: "ServedCertificateExpiringSoon",
      expr: `${daysLeft(newestServed(served))} < ${t.warningDays}`,
      for: "1h",
      labels: { severity: "warning", controller },
      annotations: {
        summary: `${controller} serves a certificate for ${name} that expires in under ${t.warningDays} days`,
        description: `The certificate ${controller} presents for ${name} expires in {{ $value | humanize }} days; a renewed Secret may not have been picked up.`,
      },
    },
  ];
}
