/**
 * Every plugin component checks its arguments before it registers anything, itself included, and
 * names the field as other languages spell it (`issuerRef`, not the library's `issuer`).
 */
import { describe, it, before } from "node:test";
import { settle, useMocks } from "../helpers/mocks";
import { assertRefused } from "./twins";

const engine = useMocks();

type Plugin = typeof import("../../plugin/index.js");

describe("plugin components refuse bad input before registering anything", () => {
  let plugin: Plugin;
  before(async () => {
    plugin = await import("../../plugin/index.js");
  });

  it("CertManager", async () => {
    await assertRefused(
      engine,
      () => new plugin.CertManager("cm", { namespace: "Cert_Manager" }),
      /CertManagerArgs\.namespace: /,
    );
  });

  it("InternalCa", async () => {
    await assertRefused(
      engine,
      () => new plugin.InternalCa("ca", { issuerName: "Corp CA" }),
      /InternalCaArgs\.issuerName: /,
    );
  });

  it("SelfSignedIssuer", async () => {
    await assertRefused(
      engine,
      () => new plugin.SelfSignedIssuer("bootstrap", { issuerName: "Self Signed" }),
      /SelfSignedIssuerArgs\.issuerName: /,
    );
  });

  it("Certificate, naming issuerRef", async () => {
    await assertRefused(
      engine,
      () =>
        new plugin.Certificate("shop", {
          namespace: "shop",
          secretName: "shop-tls",
          dnsNames: ["shop.example.com"],
          issuerRef: { name: "internal-ca", kind: "Cluster" as "ClusterIssuer" },
        }),
      /CertificateArgs\.issuerRef\.kind: "Cluster" is not an issuer kind/,
    );
  });

  it("TlsSecret", async () => {
    await assertRefused(
      engine,
      () =>
        new plugin.TlsSecret("legacy", {
          namespace: "shop",
          secretName: "legacy-tls",
          certificatePem: "not a certificate",
          privateKeyPem: "not a key",
        }),
      /TlsSecretArgs\.certificatePem: /,
    );
  });

  it("IngressController", async () => {
    await assertRefused(
      engine,
      () =>
        new plugin.IngressController("edge", {
          defaultCertificateSecret: "Edge Default",
          installChart: false,
        }),
      /IngressControllerArgs\.defaultCertificateSecret: /,
    );
  });

  it("TlsIngress", async () => {
    new plugin.IngressController("edge", {
      defaultCertificateSecret: "edge-default-tls",
      installChart: false,
    });
    await settle();
    await assertRefused(
      engine,
      () =>
        new plugin.TlsIngress("shop", {
          via: "edge",
          namespace: "shop",
          hosts: ["shop..example.com"],
          backend: { service: "shop", port: 8080 },
        }),
      /TlsIngressArgs\.hosts\[0\]: /,
    );
  });
});
