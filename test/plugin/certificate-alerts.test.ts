import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks } from "../helpers/mocks";
import { assertRefused, assertTwins } from "./twins";

const engine = useMocks();

describe("plugin CertificateAlerts", () => {
  let plugin: typeof import("../../plugin/index.js");
  let lib: typeof import("../../components/index.js");
  before(async () => {
    plugin = await import("../../plugin/index.js");
    lib = await import("../../components/index.js");
  });

  it("watches an IngressController of the program, named, as the library does", async () => {
    let alerts: InstanceType<typeof plugin.CertificateAlerts> | undefined;
    const alertArgs = {
      prometheusLabels: { release: "kube-prometheus-stack" },
      expiryWarningDays: 20,
    };
    await assertTwins(
      engine,
      () => {
        new plugin.IngressController("alerts-edge", {
          controller: "ingress-nginx",
          defaultCertificateSecret: "edge-default-tls",
        });
        alerts = new plugin.CertificateAlerts("alerts", {
          ...alertArgs,
          ingressController: "alerts-edge",
        });
      },
      () => {
        const ingressController = new lib.IngressController("alerts-edge", {
          controller: "ingress-nginx",
          defaultCertificate: { secretName: "edge-default-tls" },
          tls: {},
        });
        new lib.CertificateAlerts("alerts", { ...alertArgs, ingressController });
      },
    );
    assert.equal(
      alerts?.servedCertificateMetric,
      "nginx_ingress_controller_ssl_expire_time_seconds",
    );
    assert.ok(Array.isArray(alerts?.alerts) && alerts.alerts.length > 0);
  });

  it("refuses an unknown controller name and bad thresholds before anything is registered", async () => {
    await assertRefused(
      engine,
      () => new plugin.CertificateAlerts("lost", { ingressController: "nowhere" }),
      /CertificateAlertsArgs\.ingressController: no IngressController named "nowhere"/,
    );
    await assertRefused(
      engine,
      () => new plugin.CertificateAlerts("bad", { expiryWarningDays: 10, expiryCriticalDays: 10 }),
      /CertificateAlertsArgs\.expiryCriticalDays: 10 is not below expiryWarningDays 10/,
    );
  });
});
