/**
 * The logic of the alert and dashboard expressions, read from Prometheus' own PromQL grammar:
 * how each metric is aggregated and guarded, whatever the text looks like. What the metrics
 * mean comes from upstream source: cert-manager v1.21.1
 * `internal/collectors/certificate_collector.go` reports 0 for a Certificate without
 * `status.notAfter` / `status.renewalTime`; Traefik v3.7.11 `cmd/traefik/traefik.go`
 * (appendCertMetric) labels each served certificate with cn, serial and sans and keeps the old
 * serial's series after a renewal. `promtool.test.ts` evaluates the same rules on samples.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  CERT_MANAGER_METRICS as M,
  CONTROLLER_METRICS,
  certificateDashboard,
  certificateRules,
  dashboardExpressions,
  servedCertificateRules,
  type MonitoredControllerKind,
} from "../../components/monitoring";
import { enclosing, selectorsOf, type PromqlNode } from "./promql";

const T = { warningDays: 15, criticalDays: 7, notReadyFor: "10m", rateLimitWindow: "1h" };

/** Every expression tls-edge writes for a controller: rules and dashboard panels. */
function expressions(kind: MonitoredControllerKind): string[] {
  const metrics = CONTROLLER_METRICS[kind];
  return [
    ...certificateRules(T).map((r) => r.expr),
    ...servedCertificateRules(kind, metrics, T).map((r) => r.expr),
    ...dashboardExpressions(certificateDashboard(T, { kind, metrics })),
  ];
}

/** `selector > 0` (not `> bool 0`, which keeps every series): the filter drops zeros. */
function isDroppedWhenZero(selector: PromqlNode): boolean {
  const cmp = enclosing(selector);
  if (!cmp || cmp.type !== "BinaryExpr") return false;
  const [left, op, ...rest] = cmp.children;
  const right = rest.at(-1);
  const strip = (n: PromqlNode | undefined): PromqlNode | undefined =>
    n?.type === "ParenExpr" ? strip(n.children[0]) : n;
  return (
    strip(left) === selector &&
    op?.type === "Gtr" &&
    !rest.some((n) => n.type === "BoolModifier") &&
    right?.type === "NumberDurationLiteral" &&
    Number(right.text) === 0
  );
}

describe("alert logic", () => {
  it("reads cert-manager's expiry and renewal times only for issued certificates (> 0)", () => {
    for (const kind of Object.keys(CONTROLLER_METRICS) as MonitoredControllerKind[]) {
      const all = expressions(kind);
      for (const metric of [M.expiration, M.renewal]) {
        const uses = all.flatMap((e) => selectorsOf(e, metric).map((s) => [e, s] as const));
        assert.ok(uses.length > 0, `${metric} is not used`);
        for (const [expr, selector] of uses)
          assert.ok(isDroppedWhenZero(selector), `${metric} is read unguarded in: ${expr}`);
      }
    }
  });

  it("alerts when cert-manager's renewal time has passed without a renewal", () => {
    const rule = certificateRules(T).find((r) => r.alert === "CertificateRenewalOverdue");
    assert.ok(rule, "no CertificateRenewalOverdue alert");
    assert.equal(selectorsOf(rule.expr, M.renewal).length, 1);
    assert.equal(selectorsOf(rule.expr, M.expiration).length, 0);
    assert.equal(rule.labels["severity"], "warning");
  });

  it("takes the newest certificate a controller serves for each name (max by its name labels)", () => {
    // Traefik's name labels: cn and sans; serial differs between the old and renewed one.
    assert.deepEqual(CONTROLLER_METRICS.traefik.servedExpiry?.by, ["cn", "sans"]);
    for (const kind of ["traefik", "ingress-nginx"] as const) {
      const served = CONTROLLER_METRICS[kind].servedExpiry!;
      const uses = expressions(kind).flatMap((e) => selectorsOf(e, served.metric));
      assert.equal(uses.length, 2, `${kind}: one alert and one dashboard panel`);
      for (const selector of uses) {
        const agg = selector.parent?.parent;
        assert.equal(agg?.type, "AggregateExpr", `${kind}: ${served.metric} is not aggregated`);
        const [op, modifier] = agg.children;
        assert.equal(op?.children[0]?.type, "Max", `${kind}: ${agg.text} is not the newest`);
        assert.deepEqual(
          modifier?.children.map((c) => c.type),
          ["By", "GroupingLabels"],
        );
        assert.deepEqual(
          modifier.children[1]!.children.map((c) => c.text),
          [...served.by],
        );
      }
    }
  });
});
