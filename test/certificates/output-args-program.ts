/**
 * Certificate components given Outputs, one case per run, chosen by TLS_EDGE_CASE (PEM files from
 * TLS_EDGE_CERT and TLS_EDGE_KEY); run through `tls-edge render|policy --program` by
 * outputs.test.ts.
 */
import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { Certificate, TlsSecret } from "../../components/certificates";

const issuer = { name: "ca", kind: "ClusterIssuer" } as const;
const cases: Record<string, () => void> = {
  "tls-secret-secret-key": () =>
    new TlsSecret("shop", {
      certificatePem: readFileSync(process.env["TLS_EDGE_CERT"]!, "utf8"),
      privateKeyPem: pulumi.secret(readFileSync(process.env["TLS_EDGE_KEY"]!, "utf8")),
      secretName: "shop-tls",
      namespace: "shop",
    }),
  "certificate-names-output-101": () =>
    new Certificate("many", {
      dnsNames: pulumi.output(Array.from({ length: 101 }, (_, i) => `h${i}.example.com`)),
      secretName: "many-tls",
      namespace: "shop",
      issuer,
    }),
  "certificate-common-name-secret": () =>
    new Certificate("shop", {
      dnsNames: ["shop.example.com"],
      commonName: pulumi.secret("internal.example.com"),
      secretName: "shop-tls",
      namespace: "shop",
      issuer,
    }),
  "certificate-size-output": () =>
    new Certificate("shop", {
      dnsNames: ["shop.example.com"],
      privateKey: { algorithm: "RSA", size: pulumi.output(1024) },
      secretName: "shop-tls",
      namespace: "shop",
      issuer,
    }),
};

const make = cases[process.env["TLS_EDGE_CASE"] ?? ""];
if (!make) throw new Error(`unknown case ${process.env["TLS_EDGE_CASE"]}`);
make();
