/**
 * CertificateAlerts given Outputs, one case per run, chosen by TLS_EDGE_CASE; run through
 * `tls-edge render|policy --program` by outputs.test.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { CertificateAlerts } from "../../components/monitoring";

const cases: Record<string, () => void> = {
  "warning-output-60": () =>
    new CertificateAlerts("alerts", {
      expiryWarningDays: pulumi.output(60),
      certManagerServiceMonitor: false,
    }),
  "not-ready-output-ten-minutes": () =>
    new CertificateAlerts("alerts", {
      notReadyFor: pulumi.output("ten minutes"),
      certManagerServiceMonitor: false,
    }),
};

const make = cases[process.env["TLS_EDGE_CASE"] ?? ""];
if (!make) throw new Error(`unknown case ${process.env["TLS_EDGE_CASE"]}`);
make();
