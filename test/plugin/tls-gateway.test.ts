import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks } from "../helpers/mocks";
import { assertRefused, assertTwins } from "./twins";

const engine = useMocks();

describe("plugin TlsGateway", () => {
  let plugin: typeof import("../../plugin/index.js");
  let lib: typeof import("../../components/index.js");
  before(async () => {
    plugin = await import("../../plugin/index.js");
    lib = await import("../../components/index.js");
  });

  it("names the controller and its CRDs, and registers what the library's objects do", async () => {
    let gateway: InstanceType<typeof plugin.TlsGateway> | undefined;
    const gatewayArgs = {
      namespace: "shop",
      hosts: ["shop.example.com"],
      passthroughHosts: ["db.example.com"],
      secretName: "shop-tls",
    };
    await assertTwins(
      engine,
      () => {
        new plugin.GatewayApiCrds("gw-crds");
        new plugin.IngressController("gw-edge", {
          defaultCertificateSecret: "edge-default-tls",
          gatewayApi: "gw-crds",
        });
        gateway = new plugin.TlsGateway("gw", { ...gatewayArgs, controller: "gw-edge" });
      },
      () => {
        const crds = new lib.GatewayApiCrds("gw-crds");
        const controller = new lib.IngressController("gw-edge", {
          defaultCertificate: { secretName: "edge-default-tls" },
          tls: {},
          gatewayApi: crds,
        });
        new lib.TlsGateway("gw", { ...gatewayArgs, controller });
      },
    );
    assert.deepEqual(gateway?.hosts, ["shop.example.com"]);
    assert.deepEqual(gateway?.certificateSecrets, { "shop.example.com": "shop-tls" });
    assert.ok(gateway && gateway.ports.https !== 443, "the controller's own listener port");
  });

  it("takes a GatewayClass, CRDs by name and an issuer reference as the library does", async () => {
    const gatewayArgs = {
      gatewayClassName: "istio",
      namespace: "blog",
      hosts: ["blog.example.com", "*.blog.example.com"],
    };
    await assertTwins(
      engine,
      () => {
        new plugin.GatewayApiCrds("istio-crds");
        new plugin.TlsGateway("istio-gw", {
          ...gatewayArgs,
          crds: "istio-crds",
          issuerRef: { name: "letsencrypt", kind: "ClusterIssuer" },
        });
      },
      () => {
        const crds = new lib.GatewayApiCrds("istio-crds");
        new lib.TlsGateway("istio-gw", {
          ...gatewayArgs,
          crds,
          issuer: { name: "letsencrypt", kind: "ClusterIssuer" },
        });
      },
    );
    const gateway = engine.named("istio-gw-gateway").inputs as {
      metadata: { annotations: Record<string, string> };
    };
    assert.deepEqual(gateway.metadata.annotations, {
      "cert-manager.io/cluster-issuer": "letsencrypt",
    });
  });

  it("refuses a controller no IngressController of the program has, naming the field", async () => {
    await assertRefused(
      engine,
      () =>
        new plugin.TlsGateway("lost", {
          controller: "nowhere",
          namespace: "shop",
          hosts: ["shop.example.com"],
          secretName: "shop-tls",
        }),
      /^Error: TlsGatewayArgs\.controller: no IngressController named "nowhere" is created before this component/,
    );
  });

  it("refuses unknown CRDs and a bad issuer kind, naming the fields", async () => {
    await assertRefused(
      engine,
      () =>
        new plugin.TlsGateway("lost", {
          gatewayClassName: "istio",
          crds: "no-crds",
          namespace: "shop",
          hosts: ["shop.example.com"],
        }),
      /TlsGatewayArgs\.crds: no GatewayApiCrds named "no-crds"/,
    );
    await assertRefused(
      engine,
      () =>
        new plugin.TlsGateway("bad-kind", {
          gatewayClassName: "istio",
          namespace: "shop",
          hosts: ["shop.example.com"],
          issuerRef: { name: "x", kind: "Cluster" as "ClusterIssuer" },
        }),
      /TlsGatewayArgs\.issuerRef\.kind: "Cluster" is not an issuer kind/,
    );
  });
});
