/**
 * The alert rules evaluated by Prometheus itself: `promtool test rules` on the PrometheusRule
 * `CertificateAlerts` renders, with input series shaped like the real exporters' (cert-manager
 * v1.21.1 `internal/collectors/certificate_collector.go`: name, namespace, issuer_* labels and 0
 * before the first issuance; Traefik v3.7.11 `cmd/traefik/traefik.go`: one series per cn, sans
 * and serial, the replaced certificate's included). promtool is built by
 * `scripts/cluster/build.sh promtool`; without it the test skips, except under CI=true.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { useMocks, inputsOf, settle } from "../helpers/mocks";
import { findTool, skipOrFail } from "../helpers/helm";

const engine = useMocks();

const DAY = 86400;
const MINUTES = 240; // four hours of samples, one a minute
const at = (value: number, from = 0): string =>
  from === 0 ? `${value}x${MINUTES}` : `_x${from - 1} ${value}x${MINUTES - from}`;
const until = (value: number, minutes: number, then: number): string =>
  `${value}x${minutes - 1} ${then}x${MINUTES - minutes}`;

const ISSUER = {
  issuer_name: "letsencrypt",
  issuer_kind: "ClusterIssuer",
  issuer_group: "cert-manager.io",
};
function series(metric: string, labels: Record<string, string>): string {
  const body = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(",");
  return `${metric}{${body}}`;
}
const cert = (name: string, namespace: string) => ({ name, namespace, ...ISSUER });
const EXPIRY = "certmanager_certificate_expiration_timestamp_seconds";
const RENEWAL = "certmanager_certificate_renewal_timestamp_seconds";
const SERVED = "traefik_tls_certs_not_after";

/** What the exporters report over the four hours. */
const INPUT = [
  // Never issued yet: cert-manager reports 0 for both.
  { series: series(EXPIRY, cert("new", "web")), values: at(0) },
  { series: series(RENEWAL, cert("new", "web")), values: at(0) },
  // Renewed in time: renewal due at 20 minutes, done at 30; both timestamps move on.
  { series: series(EXPIRY, cert("renewed", "web")), values: until(20 * DAY, 30, 90 * DAY) },
  { series: series(RENEWAL, cert("renewed", "web")), values: until(20 * 60, 30, 60 * DAY) },
  // Stuck: due a minute in, five days left.
  { series: series(EXPIRY, cert("stuck", "api")), values: at(5 * DAY) },
  { series: series(RENEWAL, cert("stuck", "api")), values: at(60) },
  // Slow: due at 30 minutes, still 30 days left.
  { series: series(EXPIRY, cert("slow", "api")), values: at(30 * DAY) },
  { series: series(RENEWAL, cert("slow", "api")), values: at(30 * 60) },
  // Traefik after a renewal of www: the old serial stays beside the new one from 30 minutes.
  {
    series: series(SERVED, {
      cn: "www.example.com",
      sans: "example.com,www.example.com",
      serial: "1",
    }),
    values: at(10 * DAY),
  },
  {
    series: series(SERVED, {
      cn: "www.example.com",
      sans: "example.com,www.example.com",
      serial: "2",
    }),
    values: at(90 * DAY, 31),
  },
  // ...and one it still serves from before a renewal it never picked up.
  {
    series: series(SERVED, { cn: "stale.example.com", sans: "stale.example.com", serial: "3" }),
    values: at(10 * DAY),
  },
];

const alert = (labels: Record<string, string>) => ({ exp_labels: labels });

/** What Prometheus must (and must not) fire. */
const EXPECTED = [
  {
    eval_time: "2h",
    alertname: "CertificateExpiringSoon",
    exp_alerts: [alert({ severity: "warning", ...cert("stuck", "api") })],
  },
  {
    eval_time: "2h",
    alertname: "CertificateExpiryCritical",
    exp_alerts: [alert({ severity: "critical", ...cert("stuck", "api") })],
  },
  {
    eval_time: "2h",
    alertname: "CertificateRenewalOverdue",
    exp_alerts: [
      alert({ severity: "warning", ...cert("stuck", "api") }),
      alert({ severity: "warning", ...cert("slow", "api") }),
    ],
  },
  // An hour of grace: at 1h, stuck is 59 minutes past its renewal time and slow 30.
  { eval_time: "1h", alertname: "CertificateRenewalOverdue", exp_alerts: [] },
  {
    eval_time: "2h",
    alertname: "ServedCertificateExpiringSoon",
    exp_alerts: [
      alert({
        severity: "warning",
        controller: "traefik",
        cn: "stale.example.com",
        sans: "stale.example.com",
      }),
    ],
  },
];

describe("the certificate alerts in Prometheus' own rule engine", () => {
  let groups: { name: string; rules: Record<string, unknown>[] }[];
  before(async () => {
    const mon = await import("../../components/monitoring/index.js");
    new mon.CertificateAlerts("alerts", {
      ingressController: { controller: "traefik", namespace: "traefik" },
    });
    await settle();
    groups = (inputsOf(engine, "alerts-rules")["spec"] as { groups: typeof groups }).groups;
  });

  it("fires on stuck renewals and stale served certificates only", (t) => {
    const promtool = findTool("promtool");
    if (!promtool)
      return skipOrFail(t, "promtool is not built: run `bash scripts/cluster/build.sh promtool`");
    const dir = mkdtempSync(join(tmpdir(), "tls-edge-promtool-"));
    try {
      // promtool compares annotations too; they are prose around $value, not the logic tested.
      const rules = groups.map((g) => ({
        ...g,
        rules: g.rules.map(({ annotations: _annotations, ...rule }) => rule),
      }));
      writeFileSync(join(dir, "rules.yaml"), stringify({ groups: rules }));
      writeFileSync(
        join(dir, "tests.yaml"),
        stringify({
          rule_files: ["rules.yaml"],
          evaluation_interval: "1m",
          tests: [{ interval: "1m", input_series: INPUT, alert_rule_test: EXPECTED }],
        }),
      );
      const check = spawnSync(promtool, ["check", "rules", "rules.yaml"], {
        cwd: dir,
        encoding: "utf8",
      });
      assert.equal(check.status, 0, check.stdout + check.stderr);
      const run = spawnSync(promtool, ["test", "rules", "tests.yaml"], {
        cwd: dir,
        encoding: "utf8",
      });
      assert.equal(run.status, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /SUCCESS/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
