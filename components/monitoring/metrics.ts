/**
 * What cert-manager and each ingress controller export to Prometheus, and how their charts
 * expose it: the facts the alerts, monitors and dashboard are written against.
 * @see https://cert-manager.io/docs/devops-tips/prometheus-metrics/
 */
import { CONTROLLERS, type ControllerKind } from "../known";

/**
 * cert-manager controller metrics (port 9402, `/metrics`). The certificate gauges carry the
 * Certificate's own `name` and `namespace` labels (cert-manager v1.21.1
 * `internal/collectors/certificate_collector.go`), so a scrape must honour them; they read 0
 * while the Certificate has no `status.notAfter` / `status.renewalTime`, i.e. before it is
 * first issued.
 */
export const CERT_MANAGER_METRICS = {
  expiration: "certmanager_certificate_expiration_timestamp_seconds",
  /** `status.renewalTime`: when cert-manager renews, from the Certificate's own renewBefore. */
  renewal: "certmanager_certificate_renewal_timestamp_seconds",
  ready: "certmanager_certificate_ready_status",
  clusterIssuerReady: "certmanager_clusterissuer_ready_status",
  issuerReady: "certmanager_issuer_ready_status",
  acmeRequests: "certmanager_http_acme_client_request_count",
} as const;

/**
 * The cert-manager chart's metrics Service (`templates/service.yaml`), release "cert-manager";
 * the chart names its port `http-metrics` since 1.21.
 */
export const CERT_MANAGER_SCRAPE = {
  selector: {
    "app.kubernetes.io/name": "cert-manager",
    "app.kubernetes.io/instance": "cert-manager",
    "app.kubernetes.io/component": "controller",
  },
  port: "http-metrics",
  path: "/metrics",
} as const;

/** The controllers tls-edge installs (`ControllerKind`, a named set other languages see too). */
export type MonitoredControllerKind = ControllerKind;

export interface ControllerMetrics {
  /** Labels of the chart's Service that serves metrics (release named after the controller). */
  readonly selector: (namespace: string) => Record<string, string>;
  readonly port: string;
  readonly path: string;
  /**
   * The gauge holding the Unix time each served certificate expires, and the labels that name
   * a certificate; undefined when the controller exports none. Rules take the newest
   * certificate per name (`max by`): a controller may still report the one it replaced.
   */
  readonly servedExpiry?: { readonly metric: string; readonly by: readonly string[] };
}

/** The metrics Service of a controller's chart, from its record in `known.ts`. */
function chartMetrics(kind: MonitoredControllerKind): Omit<ControllerMetrics, "servedExpiry"> {
  const { selector, port, path } = CONTROLLERS[kind].metrics;
  return { selector: (namespace) => ({ ...selector(namespace) }), port, path };
}

export const CONTROLLER_METRICS: Readonly<Record<MonitoredControllerKind, ControllerMetrics>> = {
  "ingress-nginx": {
    ...chartMetrics("ingress-nginx"),
    servedExpiry: { metric: "nginx_ingress_controller_ssl_expire_time_seconds", by: ["host"] },
  },
  traefik: {
    ...chartMetrics("traefik"),
    // One series per certificate, labelled cn, serial and sans (Traefik v3.7.11
    // `cmd/traefik/traefik.go` appendCertMetric); a renewal adds a series with the new serial
    // and the old one stays until Traefik restarts.
    servedExpiry: { metric: "traefik_tls_certs_not_after", by: ["cn", "sans"] },
  },
  // Neither HAProxy's exporter nor the controller exports certificate expiry: served
  // certificates are watched through cert-manager's metric (or a blackbox probe).
  haproxy: chartMetrics("haproxy"),
};
