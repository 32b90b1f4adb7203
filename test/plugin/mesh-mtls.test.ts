import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks } from "../helpers/mocks";
import { assertRefused, assertTwins } from "./twins";

const engine = useMocks();

describe("plugin MeshMtls", () => {
  let plugin: typeof import("../../plugin/index.js");
  let lib: typeof import("../../components/index.js");
  before(async () => {
    plugin = await import("../../plugin/index.js");
    lib = await import("../../components/index.js");
  });

  it("registers Istio policies as the library does, port modes keyed by string", async () => {
    let mesh: InstanceType<typeof plugin.MeshMtls> | undefined;
    const namespaces = [
      { name: "shop" },
      { name: "legacy", mode: "PERMISSIVE" as const, selector: { app: "billing" } },
    ];
    await assertTwins(
      engine,
      () =>
        (mesh = new plugin.MeshMtls("istio", {
          provider: "istio",
          namespaces: [namespaces[0]!, { ...namespaces[1]!, portLevelMtls: { "9090": "DISABLE" } }],
          mutualTlsHosts: ["api.shop.svc.cluster.local"],
        })),
      () =>
        new lib.MeshMtls("istio", {
          provider: "istio",
          namespaces: [namespaces[0]!, { ...namespaces[1]!, portLevelMtls: { 9090: "DISABLE" } }],
          mutualTlsHosts: ["api.shop.svc.cluster.local"],
        }),
    );
    assert.deepEqual(mesh?.namespaces, ["shop", "legacy"]);
    assert.equal(mesh?.rootNamespace, "istio-system");
  });

  it("authorises an IngressController of the program, named, as the library does (Linkerd)", async () => {
    let mesh: InstanceType<typeof plugin.MeshMtls> | undefined;
    const meshArgs = {
      provider: "linkerd" as const,
      namespaces: [{ name: "shop", selector: { app: "shop" }, ports: [8080] }],
    };
    await assertTwins(
      engine,
      () => {
        new plugin.IngressController("mesh-edge", {
          defaultCertificateSecret: "edge-default-tls",
          mesh: { provider: "linkerd" },
        });
        mesh = new plugin.MeshMtls("linkerd", { ...meshArgs, ingressController: "mesh-edge" });
      },
      () => {
        const ingressController = new lib.IngressController("mesh-edge", {
          defaultCertificate: { secretName: "edge-default-tls" },
          tls: {},
          mesh: { provider: "linkerd" },
        });
        new lib.MeshMtls("linkerd", { ...meshArgs, ingressController });
      },
    );
    assert.equal(mesh?.ingressIdentity, "traefik/traefik");
  });

  it("refuses an unknown controller name and a bad mode before anything is registered", async () => {
    await assertRefused(
      engine,
      () => new plugin.MeshMtls("lost", { provider: "istio", ingressController: "nowhere" }),
      /MeshMtlsArgs\.ingressController: no IngressController named "nowhere"/,
    );
    await assertRefused(
      engine,
      () => new plugin.MeshMtls("bad", { provider: "istio", mode: "DISABLE" as "STRICT" }),
      /MeshMtlsArgs\.mode: "DISABLE" turns mTLS off for every workload/,
    );
  });
});
