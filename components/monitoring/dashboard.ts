/**
 * The Grafana dashboard `CertificateAlerts` ships as a ConfigMap for Grafana's dashboard
 * sidecar: days left per certificate (cert-manager's view and, where the controller exports
 * it, what the controller serves), readiness, and ACME traffic by status.
 * @see https://github.com/grafana/helm-charts/tree/main/charts/grafana#sidecar-for-dashboards
 */
import { CERT_MANAGER_METRICS as M, type ControllerMetrics } from "./metrics";
import { daysLeft, issued, newestServed, type Thresholds } from "./rules";

/** Dashboard uid, stable so links survive re-imports. */
export const DASHBOARD_UID = "tls-edge-certificates";

export interface DashboardTarget {
  readonly expr: string;
  readonly legendFormat: string;
  readonly refId: string;
}

const DATASOURCE = { type: "prometheus", uid: "${datasource}" };

function daysPanel(id: number, title: string, target: DashboardTarget, t: Thresholds) {
  return {
    id,
    title,
    type: "bargauge",
    datasource: DATASOURCE,
    gridPos: { x: 0, y: (id - 1) * 10, w: 24, h: 10 },
    options: { orientation: "horizontal", displayMode: "basic", showUnfilled: true },
    fieldConfig: {
      defaults: {
        unit: "d",
        decimals: 1,
        thresholds: {
          mode: "absolute",
          steps: [
            { color: "red", value: null },
            { color: "orange", value: t.criticalDays },
            { color: "green", value: t.warningDays },
          ],
        },
      },
      overrides: [],
    },
    targets: [{ ...target, datasource: DATASOURCE, instant: true }],
  };
}

function timeSeries(id: number, title: string, targets: DashboardTarget[]) {
  return {
    id,
    title,
    type: "timeseries",
    datasource: DATASOURCE,
    gridPos: { x: 0, y: (id - 1) * 10, w: 24, h: 8 },
    fieldConfig: { defaults: { unit: "short" }, overrides: [] },
    targets: targets.map((tg) => ({ ...tg, datasource: DATASOURCE })),
  };
}

/** The dashboard model; `controller` adds the served-certificates panel when it has a metric. */
export function certificateDashboard(
  t: Thresholds,
  controller?: { readonly kind: string; readonly metrics: ControllerMetrics },
): Record<string, unknown> {
  const panels: Record<string, unknown>[] = [
    daysPanel(
      1,
      "Days left per certificate (cert-manager)",
      {
        expr: daysLeft(issued(M.expiration)),
        legendFormat: "{{namespace}}/{{name}}",
        refId: "A",
      },
      t,
    ),
  ];
  const served = controller?.metrics.servedExpiry;
  if (controller && served) {
    panels.push(
      daysPanel(
        panels.length + 1,
        `Days left per certificate served by ${controller.kind}`,
        {
          expr: daysLeft(newestServed(served)),
          legendFormat: served.by.map((l) => `{{${l}}}`).join(" "),
          refId: "A",
        },
        t,
      ),
    );
  }
  panels.push(
    timeSeries(panels.length + 1, "Certificates and issuers not ready", [
      {
        expr: `sum(${M.ready}{condition!="True"})`,
        legendFormat: "certificates",
        refId: "A",
      },
      {
        expr: `sum(${M.clusterIssuerReady}{condition!="True"})`,
        legendFormat: "cluster issuers",
        refId: "B",
      },
      {
        expr: `sum(${M.issuerReady}{condition!="True"})`,
        legendFormat: "issuers",
        refId: "C",
      },
    ]),
    timeSeries(panels.length + 2, "ACME requests by status", [
      {
        expr: `sum by (status) (rate(${M.acmeRequests}[5m]))`,
        legendFormat: "{{status}}",
        refId: "A",
      },
    ]),
  );
  return {
    uid: DASHBOARD_UID,
    title: "TLS certificates",
    tags: ["tls-edge", "cert-manager"],
    timezone: "browser",
    schemaVersion: 39,
    refresh: "5m",
    time: { from: "now-7d", to: "now" },
    templating: {
      list: [{ name: "datasource", type: "datasource", query: "prometheus", label: "Prometheus" }],
    },
    panels,
  };
}

/** Every PromQL expression in a dashboard model. */
export function dashboardExpressions(dashboard: Record<string, unknown>): string[] {
  const panels = dashboard["panels"] as { targets: { expr: string }[] }[];
  return panels.flatMap((p) => p.targets.map((t) => t.expr));
}
