import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks, checkAll, inputsOf, settle } from "../helpers/mocks";
import { assertPromql, promqlErrors } from "./promql";

const engine = useMocks();

type Monitoring = typeof import("../../components/monitoring/index.js");
let mon: Monitoring;

const SM = "kubernetes:monitoring.coreos.com/v1:ServiceMonitor";
const RULE = "kubernetes:monitoring.coreos.com/v1:PrometheusRule";
const CM = "kubernetes:core/v1:ConfigMap";

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
}
type Groups = { name: string; rules: Rule[] }[];

function groups(name: string): Groups {
  return (inputsOf(engine, name)["spec"] as { groups: Groups }).groups;
}
function exprs(name: string): Record<string, string> {
  return Object.fromEntries(groups(name).flatMap((g) => g.rules.map((r) => [r.alert, r.expr])));
}
function dashboard(name: string): {
  panels: {
    title: string;
    targets: { expr: string }[];
    fieldConfig: { defaults: { thresholds?: { steps: unknown[] } } };
  }[];
} {
  const data = inputsOf(engine, name)["data"] as Record<string, string>;
  return JSON.parse(data["tls-edge-certificates.json"]!);
}

describe("CertificateAlerts", () => {
  before(async () => {
    mon = await import("../../components/monitoring/index.js");
    new mon.CertificateAlerts("nginx", {
      ingressController: { controller: "ingress-nginx", namespace: "ingress-nginx" },
      prometheusLabels: { release: "kube-prometheus-stack" },
    });
    new mon.CertificateAlerts("traefik", {
      namespace: "observability",
      certManagerNamespace: "certs",
      expiryWarningDays: 21,
      expiryCriticalDays: 3,
      notReadyFor: "30m",
      ingressController: { controller: "traefik", namespace: "edge" },
      certManagerServiceMonitor: false,
    });
    new mon.CertificateAlerts("haproxy", {
      ingressController: { controller: "haproxy", namespace: "haproxy" },
      controllerServiceMonitor: false,
    });
    await settle();
  });

  it("registers monitors, rules and dashboard under the component", () => {
    const parent = engine.named("nginx");
    assert.equal(parent.type, "tls-edge:monitoring:CertificateAlerts");
    assert.deepEqual(
      engine
        .childrenOf(parent.urn)
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
      [
        `${CM} nginx-dashboard`,
        `${RULE} nginx-rules`,
        `${SM} nginx-cert-manager-monitor`,
        `${SM} nginx-controller-monitor`,
      ],
    );
    assert.deepEqual(
      engine
        .childrenOf(engine.named("traefik").urn)
        .map((r) => r.name)
        .sort(),
      ["traefik-controller-monitor", "traefik-dashboard", "traefik-rules"],
    );
    assert.deepEqual(
      engine
        .childrenOf(engine.named("haproxy").urn)
        .map((r) => r.name)
        .sort(),
      ["haproxy-cert-manager-monitor", "haproxy-dashboard", "haproxy-rules"],
    );
  });

  it("scrapes cert-manager's chart Service on http-metrics, keeping its labels", () => {
    assert.deepEqual(inputsOf(engine, "nginx-cert-manager-monitor"), {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "ServiceMonitor",
      metadata: {
        name: "tls-edge-cert-manager",
        namespace: "cert-manager",
        labels: { release: "kube-prometheus-stack" },
      },
      spec: {
        selector: {
          matchLabels: {
            "app.kubernetes.io/name": "cert-manager",
            "app.kubernetes.io/instance": "cert-manager",
            "app.kubernetes.io/component": "controller",
          },
        },
        namespaceSelector: { matchNames: ["cert-manager"] },
        endpoints: [
          {
            port: "http-metrics",
            path: "/metrics",
            interval: "60s",
            honorLabels: true,
          },
        ],
      },
    });
  });

  it("scrapes each controller's metrics Service", () => {
    assert.deepEqual(inputsOf(engine, "nginx-controller-monitor"), {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "ServiceMonitor",
      metadata: {
        name: "tls-edge-ingress-nginx",
        namespace: "ingress-nginx",
        labels: { release: "kube-prometheus-stack" },
      },
      spec: {
        selector: {
          matchLabels: {
            "app.kubernetes.io/name": "ingress-nginx",
            "app.kubernetes.io/instance": "ingress-nginx",
            "app.kubernetes.io/component": "controller",
          },
        },
        namespaceSelector: { matchNames: ["ingress-nginx"] },
        endpoints: [{ port: "metrics", path: "/metrics", interval: "30s", honorLabels: true }],
      },
    });
    assert.deepEqual(inputsOf(engine, "traefik-controller-monitor")["spec"], {
      selector: {
        matchLabels: {
          "app.kubernetes.io/name": "traefik",
          "app.kubernetes.io/instance": "traefik-edge",
          "app.kubernetes.io/component": "metrics",
        },
      },
      namespaceSelector: { matchNames: ["edge"] },
      endpoints: [{ port: "metrics", path: "/metrics", interval: "30s", honorLabels: true }],
    });
  });

  it("writes the default alerts with 15 and 7 days and 10 minutes", () => {
    const rule = inputsOf(engine, "nginx-rules");
    assert.deepEqual(rule["metadata"], {
      name: "tls-edge-certificates",
      namespace: "monitoring",
      labels: { release: "kube-prometheus-stack" },
    });
    assert.deepEqual(exprs("nginx-rules"), {
      CertificateExpiringSoon:
        "((certmanager_certificate_expiration_timestamp_seconds > 0) - time()) / 86400 < 15",
      CertificateExpiryCritical:
        "((certmanager_certificate_expiration_timestamp_seconds > 0) - time()) / 86400 < 7",
      CertificateRenewalOverdue:
        "(time() - (certmanager_certificate_renewal_timestamp_seconds > 0)) / 3600 > 1",
      CertificateNotReady:
        'max by (namespace, name) (certmanager_certificate_ready_status{condition!="True"}) == 1',
      ClusterIssuerNotReady:
        'max by (name) (certmanager_clusterissuer_ready_status{condition!="True"}) == 1',
      IssuerNotReady:
        'max by (namespace, name) (certmanager_issuer_ready_status{condition!="True"}) == 1',
      AcmeRateLimited:
        'sum by (host) (increase(certmanager_http_acme_client_request_count{status="429"}[1h])) > 0',
      ServedCertificateExpiringSoon:
        "(max by (host) (nginx_ingress_controller_ssl_expire_time_seconds) - time()) / 86400 < 15",
    });
    const all = groups("nginx-rules").flatMap((g) => g.rules);
    assert.deepEqual(
      all.map((r) => [r.alert, r.for, r.labels["severity"]]),
      [
        ["CertificateExpiringSoon", "1h", "warning"],
        ["CertificateExpiryCritical", "15m", "critical"],
        ["CertificateRenewalOverdue", undefined, "warning"],
        ["CertificateNotReady", "10m", "warning"],
        ["ClusterIssuerNotReady", "10m", "critical"],
        ["IssuerNotReady", "10m", "critical"],
        ["AcmeRateLimited", undefined, "warning"],
        ["ServedCertificateExpiringSoon", "1h", "warning"],
      ],
    );
    assert.deepEqual(
      groups("nginx-rules").map((g) => g.name),
      ["tls-edge.certificates", "tls-edge.ingress-controller"],
    );
  });

  it("moves every threshold with the args", () => {
    const e = exprs("traefik-rules");
    assert.equal(
      e["CertificateExpiringSoon"],
      "((certmanager_certificate_expiration_timestamp_seconds > 0) - time()) / 86400 < 21",
    );
    assert.equal(
      e["CertificateExpiryCritical"],
      "((certmanager_certificate_expiration_timestamp_seconds > 0) - time()) / 86400 < 3",
    );
    assert.equal(
      e["ServedCertificateExpiringSoon"],
      "(max by (cn, sans) (traefik_tls_certs_not_after) - time()) / 86400 < 21",
    );
    const fors = groups("traefik-rules")
      .flatMap((g) => g.rules)
      .filter((r) => r.alert.endsWith("NotReady"));
    assert.deepEqual(
      fors.map((r) => r.for),
      ["30m", "30m", "30m"],
    );
    assert.deepEqual(inputsOf(engine, "traefik-rules")["metadata"], {
      name: "tls-edge-certificates",
      namespace: "observability",
    });
    const steps = dashboard("traefik-dashboard").panels[0]!.fieldConfig.defaults.thresholds!.steps;
    assert.deepEqual(steps, [
      { color: "red", value: null },
      { color: "orange", value: 3 },
      { color: "green", value: 21 },
    ]);
  });

  it("has no served-certificate alert for HAProxy, which exports no expiry metric", () => {
    assert.deepEqual(
      groups("haproxy-rules").map((g) => g.name),
      ["tls-edge.certificates"],
    );
    const c = new mon.CertificateAlerts("outputs", {
      ingressController: { controller: "haproxy", namespace: "haproxy" },
    });
    assert.equal(c.servedCertificateMetric, undefined);
    assert.deepEqual(c.alerts, [
      "CertificateExpiringSoon",
      "CertificateExpiryCritical",
      "CertificateRenewalOverdue",
      "CertificateNotReady",
      "ClusterIssuerNotReady",
      "IssuerNotReady",
      "AcmeRateLimited",
    ]);
    assert.deepEqual(
      dashboard("haproxy-dashboard").panels.map((p) => p.title),
      [
        "Days left per certificate (cert-manager)",
        "Certificates and issuers not ready",
        "ACME requests by status",
      ],
    );
  });

  it("ships the dashboard for Grafana's sidecar with days left per certificate", () => {
    const cm = inputsOf(engine, "nginx-dashboard");
    assert.deepEqual(cm["metadata"], {
      name: "tls-edge-certificates-dashboard",
      namespace: "monitoring",
      labels: { grafana_dashboard: "1" },
    });
    const d = dashboard("nginx-dashboard");
    assert.deepEqual(
      d.panels.map((p) => [p.title, p.targets.map((t) => t.expr)]),
      [
        [
          "Days left per certificate (cert-manager)",
          ["((certmanager_certificate_expiration_timestamp_seconds > 0) - time()) / 86400"],
        ],
        [
          "Days left per certificate served by ingress-nginx",
          ["(max by (host) (nginx_ingress_controller_ssl_expire_time_seconds) - time()) / 86400"],
        ],
        [
          "Certificates and issuers not ready",
          [
            'sum(certmanager_certificate_ready_status{condition!="True"})',
            'sum(certmanager_clusterissuer_ready_status{condition!="True"})',
            'sum(certmanager_issuer_ready_status{condition!="True"})',
          ],
        ],
        [
          "ACME requests by status",
          ["sum by (status) (rate(certmanager_http_acme_client_request_count[5m]))"],
        ],
      ],
    );
  });

  it("writes only PromQL that parses, in rules and dashboards alike", () => {
    const all: string[] = [];
    for (const n of ["nginx", "traefik", "haproxy"]) {
      all.push(...Object.values(exprs(`${n}-rules`)));
      all.push(...dashboard(`${n}-dashboard`).panels.flatMap((p) => p.targets.map((t) => t.expr)));
    }
    assert.equal(all.length, 8 + 6 + 8 + 6 + 7 + 5);
    for (const expr of all) assertPromql(expr);
  });

  it("catches a broken expression", () => {
    assert.deepEqual(promqlErrors("sum by (host) (rate(x[5m]))"), []);
    assert.notDeepEqual(promqlErrors("sum by (host (rate(x[5m]))"), []);
    assert.notDeepEqual(
      promqlErrors('max(certmanager_certificate_ready_status{condition!="True") == 1'),
      [],
    );
    assert.throws(() => assertPromql("(a - time() / 86400 < 15"), /PromQL syntax error/);
  });

  it("passes the strict schema check and the secrets check", async () => {
    await checkAll(engine);
  });
});
