/**
 * Issuers given Outputs, one case per run, chosen by TLS_EDGE_CASE; run through
 * `tls-edge render|policy --program` by outputs.test.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { AcmeIssuer, InternalCa, VaultIssuer, VenafiIssuer } from "../../components/issuers";
import { ACME_DIRECTORIES } from "../../components/known";

const http01 = { ingressClassName: "traefik" };
const cases: Record<string, () => void> = {
  "acme-server-output-http": () =>
    new AcmeIssuer("acme", { server: pulumi.output("http://acme.example.com/directory"), http01 }),
  "acme-server-output-zerossl": () =>
    new AcmeIssuer("acme", { server: pulumi.output(ACME_DIRECTORIES.zerosslProduction), http01 }),
  "acme-email-secret": () =>
    new AcmeIssuer("acme", {
      environment: "staging",
      email: pulumi.secret("ops-at-example.com"),
      http01,
    }),
  "acme-ca-bundle-output-pem": () =>
    new AcmeIssuer("acme", {
      server: "https://127.0.0.1:14000/dir",
      caBundle: pulumi.output("-----BEGIN CERTIFICATE-----"),
      http01,
    }),
  "acme-staging-server-output-same": () =>
    new AcmeIssuer("acme", {
      server: "https://127.0.0.1:14000/dir",
      stagingServer: pulumi.output("https://127.0.0.1:14000/dir"),
      http01,
    }),
  "acme-class-output-empty": () =>
    new AcmeIssuer("acme", {
      environment: "staging",
      http01: { ingressClassName: pulumi.output(" ") },
    }),
  "internal-ca-name-output-empty": () =>
    new InternalCa("ca", { subject: { commonName: pulumi.output("") } }),
  "vault-path-output-empty": () =>
    new VaultIssuer("vault", {
      server: "https://vault.example.com:8200",
      path: pulumi.output(""),
      auth: { token: pulumi.secret("s.token") },
    }),
  "venafi-url-output-http": () =>
    new VenafiIssuer("venafi", {
      zone: "Default",
      tpp: { url: pulumi.output("http://tpp.example.com/vedsdk"), accessToken: pulumi.secret("t") },
    }),
};

const make = cases[process.env["TLS_EDGE_CASE"] ?? ""];
if (!make) throw new Error(`unknown case ${process.env["TLS_EDGE_CASE"]}`);
make();
