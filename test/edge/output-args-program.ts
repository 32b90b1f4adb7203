/**
 * Edge components given Outputs, one case per run, chosen by TLS_EDGE_CASE; run through
 * `tls-edge render|policy --program` by outputs.test.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { IngressController, TlsIngress } from "../../components/edge";

const CERT = { secretName: "edge-tls" };
const cases: Record<string, () => void> = {
  "replicas-output-0": () =>
    new IngressController("edge", { replicas: pulumi.output(0), defaultCertificate: CERT }),
  "replicas-secret-0": () =>
    new IngressController("edge", { replicas: pulumi.secret(0), defaultCertificate: CERT }),
  "replicas-output-3": () =>
    new IngressController("edge", { replicas: pulumi.output(3), defaultCertificate: CERT }),
  "replicas-output-1-budget": () =>
    new IngressController("edge", {
      replicas: pulumi.output(1),
      podDisruptionBudget: { maxUnavailable: 1 },
      defaultCertificate: CERT,
    }),
  "ingress-pem-output": () => {
    const edge = new IngressController("edge", {
      controller: "haproxy",
      defaultCertificate: CERT,
    });
    new TlsIngress("shop", {
      via: edge,
      namespace: "shop",
      hosts: ["shop.example.com"],
      backend: { service: "web", port: 8443 },
      strategy: "reencrypt",
      certificate: CERT,
      backendTls: { caBundle: { pem: pulumi.output("not a certificate") } },
    });
  },
};

const make = cases[process.env["TLS_EDGE_CASE"] ?? ""];
if (!make) throw new Error(`unknown case ${process.env["TLS_EDGE_CASE"]}`);
make();
