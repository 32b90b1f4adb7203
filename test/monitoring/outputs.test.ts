/**
 * CertificateAlerts given Outputs: thresholds known only at deployment are checked then, with
 * the construction-time messages, and `render` and `policy` fail naming them (they used to be
 * rendered unchecked); arguments that decide the objects refuse Outputs.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { failsOnceKnown } from "../helpers/offline-cli";
import { settle, useMocks } from "../helpers/mocks";

const engine = useMocks();
const PROGRAM = join(__dirname, "output-args-program.ts");

describe("CertificateAlerts arguments known only at deployment", () => {
  const failing: [string, string][] = [
    [
      "warning-output-60",
      "CertificateAlertsArgs.expiryWarningDays: 60 days is before cert-manager's default renewal point (30 days before a 90-day certificate expires), so it fires on healthy certificates; use 30 or fewer",
    ],
    [
      "not-ready-output-ten-minutes",
      'CertificateAlertsArgs.notReadyFor: "ten minutes" is not a Prometheus duration; use e.g. "10m" or "1h"',
    ],
  ];
  failsOnceKnown(PROGRAM, failing);
});

describe("CertificateAlerts arguments that must be plain", () => {
  it("refuses a namespace given as an Output before registering anything", async () => {
    const pulumi = await import("@pulumi/pulumi");
    const { CertificateAlerts } = await import("../../components/monitoring/index.js");
    const before = engine.resources.length;
    assert.throws(
      () =>
        new CertificateAlerts("alerts", {
          namespace: pulumi.output("monitoring") as unknown as string,
        }),
      {
        message:
          "CertificateAlertsArgs.namespace: is an Output (or a Promise), where a plain value is needed; pass it as a plain value: the objects made and their namespaces are decided from it at construction",
      },
    );
    await settle();
    assert.equal(engine.resources.length, before);
  });
});
