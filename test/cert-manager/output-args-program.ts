/**
 * CertManager given Outputs, one case per run, chosen by TLS_EDGE_CASE; run through
 * `tls-edge render|policy --program` by outputs.test.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { CertManager } from "../../components/cert-manager";

const cases: Record<string, () => void> = {
  "replicas-output-0": () => new CertManager("cm", { replicas: pulumi.output(0) }),
  "webhook-replicas-output-1-budget": () =>
    new CertManager("cm", {
      replicas: 2,
      webhookReplicas: pulumi.output(1),
      podDisruptionBudget: true,
    }),
  "replicas-output-2": () => new CertManager("cm", { replicas: pulumi.output(2) }),
};

const make = cases[process.env["TLS_EDGE_CASE"] ?? ""];
if (!make) throw new Error(`unknown case ${process.env["TLS_EDGE_CASE"]}`);
make();
