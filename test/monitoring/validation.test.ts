import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks, settle } from "../helpers/mocks";

const engine = useMocks();

type Monitoring = typeof import("../../components/monitoring/index.js");
let mon: Monitoring;
type Args = ConstructorParameters<Monitoring["CertificateAlerts"]>[1];

function rejects(args: unknown, lines: string[]): void {
  const before = engine.resources.length;
  assert.throws(
    () => new mon.CertificateAlerts("bad", args as Args),
    (err: Error) => {
      assert.equal(err.message, lines.join("\n"));
      return true;
    },
  );
  assert.equal(engine.resources.length, before);
}

describe("CertificateAlerts validation", () => {
  before(async () => {
    mon = await import("../../components/monitoring/index.js");
  });

  it("checks thresholds: whole days, critical below warning, warning before renewal", () => {
    rejects({ expiryWarningDays: 0.5, expiryCriticalDays: -1 }, [
      "CertificateAlertsArgs.expiryWarningDays: 0.5 is not a whole number of days; use 1 or more",
      "CertificateAlertsArgs.expiryCriticalDays: -1 is not a whole number of days; use 1 or more",
    ]);
    rejects({ expiryWarningDays: 10, expiryCriticalDays: 10 }, [
      "CertificateAlertsArgs.expiryCriticalDays: 10 is not below expiryWarningDays 10, so the warning never fires first; use fewer than 10 days",
    ]);
    rejects({ expiryWarningDays: 45 }, [
      "CertificateAlertsArgs.expiryWarningDays: 45 days is before cert-manager's default renewal point (30 days before a 90-day certificate expires), so it fires on healthy certificates; use 30 or fewer",
    ]);
    rejects({ expiryCriticalDays: 20 }, [
      "CertificateAlertsArgs.expiryCriticalDays: 20 is not below expiryWarningDays 15, so the warning never fires first; use fewer than 15 days",
    ]);
  });

  it("checks the duration, namespaces and labels", () => {
    rejects(
      {
        notReadyFor: "10 minutes",
        namespace: "Monitoring",
        certManagerNamespace: "cert_manager",
        prometheusLabels: { "bad key!": "x", release: "kube prometheus" },
      },
      [
        "CertificateAlertsArgs.namespace: \"Monitoring\" is not a valid namespace name; use lower-case letters, digits and '-', at most 63 characters",
        "CertificateAlertsArgs.certManagerNamespace: \"cert_manager\" is not a valid namespace name; use lower-case letters, digits and '-', at most 63 characters",
        'CertificateAlertsArgs.notReadyFor: "10 minutes" is not a Prometheus duration; use e.g. "10m" or "1h"',
        'CertificateAlertsArgs.prometheusLabels: "bad key!" is not a valid label key; use a key such as release',
        "CertificateAlertsArgs.prometheusLabels.release: \"kube prometheus\" is not a valid label value; use letters, digits, '-', '_' and '.', at most 63 characters",
      ],
    );
  });

  it("checks the controller", () => {
    rejects({ ingressController: { controller: "envoy", namespace: "Edge" } }, [
      'CertificateAlertsArgs.ingressController.controller: "envoy" is not a known controller; use one of ingress-nginx, traefik, haproxy',
      'CertificateAlertsArgs.ingressController.namespace: "Edge" is not a valid namespace name; use the controller\'s namespace',
    ]);
    rejects({ controllerServiceMonitor: true }, [
      "CertificateAlertsArgs.controllerServiceMonitor: is on but no ingressController is given; pass the IngressController as ingressController or drop controllerServiceMonitor",
    ]);
  });

  it("leaves thresholds given as Outputs to Prometheus and renders them", async () => {
    const pulumi = await import("@pulumi/pulumi");
    new mon.CertificateAlerts("later", {
      expiryWarningDays: pulumi.output(20),
      notReadyFor: pulumi.output("5m"),
      certManagerServiceMonitor: false,
    });
    await settle();
    const rule = engine.named("later-rules").inputs as {
      spec: { groups: { rules: { alert: string; expr: string; for?: string }[] }[] };
    };
    const rules = rule.spec.groups[0]!.rules;
    const named = (alert: string) => rules.find((r) => r.alert === alert)!;
    assert.equal(
      named("CertificateExpiringSoon").expr,
      "((certmanager_certificate_expiration_timestamp_seconds > 0) - time()) / 86400 < 20",
    );
    assert.equal(named("CertificateNotReady").for, "5m");
  });
});
