import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks, settle } from "../helpers/mocks";

const engine = useMocks();

type Mesh = typeof import("../../components/mesh/index.js");
let mesh: Mesh;

function rejects(args: unknown, lines: string[]): void {
  const before = engine.resources.length;
  assert.throws(
    () => new mesh.MeshMtls("bad", args as ConstructorParameters<Mesh["MeshMtls"]>[1]),
    (err: Error) => {
      assert.equal(err.message, lines.join("\n"));
      return true;
    },
  );
  assert.throws(() =>
    mesh.validateMeshMtlsArgs(args as Parameters<Mesh["validateMeshMtlsArgs"]>[0]),
  );
  assert.equal(engine.resources.length, before);
}

describe("MeshMtls validation", () => {
  before(async () => {
    mesh = await import("../../components/mesh/index.js");
  });

  it("rejects modes outside STRICT and PERMISSIVE, saying what to use", () => {
    rejects(
      {
        provider: "istio",
        mode: "DISABLE",
        namespaces: [
          { name: "a", mode: "UNSET" },
          { name: "b", mode: "strict" },
        ],
      },
      [
        'MeshMtlsArgs.mode: "DISABLE" turns mTLS off for every workload; use "PERMISSIVE" while migrating',
        'MeshMtlsArgs.namespaces[0].mode: "UNSET" only means "inherit"; leave mode out to inherit',
        'MeshMtlsArgs.namespaces[1].mode: "strict" is not an mTLS mode; use "STRICT" or "PERMISSIVE"',
      ],
    );
  });

  it("requires a selector for port-level mTLS and checks the ports and modes", () => {
    rejects(
      { provider: "istio", namespaces: [{ name: "shop", portLevelMtls: { 70000: "OFF" } }] },
      [
        "MeshMtlsArgs.namespaces[0].portLevelMtls: is set without a selector, and Istio ignores port-level mTLS on namespace-wide policies; add a selector with the workloads' pod labels",
        "MeshMtlsArgs.namespaces[0].portLevelMtls: 70000 is not a port number; use 1 to 65535",
        'MeshMtlsArgs.namespaces[0].portLevelMtls.70000: "OFF" is not a port mTLS mode; use "STRICT", "PERMISSIVE" or "DISABLE"',
      ],
    );
  });

  it("rejects bad, repeated and reserved namespaces and malformed hosts", () => {
    rejects(
      {
        provider: "istio",
        namespaces: [{ name: "Shop" }, { name: "web" }, { name: "web" }, { name: "istio-system" }],
        mutualTlsHosts: ["api.shop", "api.web.svc.cluster.local", "api.web.svc.cluster.local"],
      },
      [
        "MeshMtlsArgs.namespaces[0].name: \"Shop\" is not a valid namespace name; use lower-case letters, digits and '-', at most 63 characters",
        'MeshMtlsArgs.namespaces[2].name: "web" is listed twice; list each namespace once',
        'MeshMtlsArgs.namespaces[3].name: "istio-system" is the Istio root namespace, which the mesh-wide policy already covers; list application namespaces only',
        'MeshMtlsArgs.mutualTlsHosts[0]: "api.shop" is not a cluster service name; use <service>.<namespace>.svc.cluster.local',
        'MeshMtlsArgs.mutualTlsHosts[2]: "api.web.svc.cluster.local" is listed twice; list each host once',
      ],
    );
  });

  it("rejects settings of the other mesh", () => {
    rejects(
      {
        provider: "linkerd",
        rootNamespace: "istio-system",
        namespaces: [{ name: "shop", selector: { app: "shop" }, portLevelMtls: { 80: "STRICT" } }],
        mutualTlsHosts: ["api.shop.svc.cluster.local"],
      },
      [
        "MeshMtlsArgs.rootNamespace: is an Istio setting; drop it for Linkerd",
        "MeshMtlsArgs.namespaces[0].portLevelMtls: is an Istio setting; use ports for Linkerd",
        "MeshMtlsArgs.mutualTlsHosts[0]: DestinationRules are an Istio setting; drop mutualTlsHosts for Linkerd",
      ],
    );
    rejects({ provider: "istio", namespaces: [{ name: "shop", ports: [8080] }] }, [
      "MeshMtlsArgs.namespaces[0].ports: is a Linkerd setting; use portLevelMtls for Istio",
    ]);
    rejects({ provider: "consul" }, [
      'MeshMtlsArgs.provider: "consul" is not a supported mesh; use one of istio, linkerd',
    ]);
  });

  it("needs a client to authorise, and checks the Linkerd ports", () => {
    rejects({ provider: "linkerd", namespaces: [{ name: "shop", ports: [0, 8080, 8080] }] }, [
      "MeshMtlsArgs.namespaces[0].ports: are set but no ingressController is given, so no client would be authorised; pass the IngressController as ingressController",
      "MeshMtlsArgs.namespaces[0].ports[0]: 0 is not a port number; use 1 to 65535",
      "MeshMtlsArgs.namespaces[0].ports[2]: 8080 is listed twice; list each port once",
    ]);
  });

  it("requires the ingress controller to have joined the same mesh", () => {
    rejects(
      {
        provider: "istio",
        ingressController: { controller: "traefik", namespace: "traefik" },
        namespaces: [{ name: "traefik" }],
      },
      [
        'MeshMtlsArgs.namespaces[0].name: "traefik" is the ingress controller\'s namespace, which its IngressController owns; list application namespaces only; the controller joins the mesh through its mesh arg',
        'MeshMtlsArgs.ingressController: the traefik controller in namespace "traefik" is outside the mesh, so its plain-text requests to STRICT workloads are refused; pass mesh: { provider: "istio" } to its IngressController',
      ],
    );
    rejects(
      {
        provider: "linkerd",
        ingressController: {
          controller: "haproxy",
          namespace: "haproxy",
          mesh: { provider: "istio" },
          serviceAccountName: "Edge",
        },
      },
      [
        'MeshMtlsArgs.ingressController: the haproxy controller joined istio, not linkerd; pass mesh: { provider: "linkerd" } to its IngressController',
        'MeshMtlsArgs.ingressController.serviceAccountName: "Edge" is not a valid ServiceAccount name; use the controller pods\' ServiceAccount',
      ],
    );
    rejects(
      {
        provider: "linkerd",
        mode: "PERMISSIVE",
        ingressController: { controller: "haproxy", namespace: "lb" },
      },
      [
        'MeshMtlsArgs.ingressController: the haproxy controller in namespace "lb" is outside the mesh, so Linkerd cannot authorise its identity; pass mesh: { provider: "linkerd" } to its IngressController',
      ],
    );
  });

  it("lets an unmeshed controller through while Istio is PERMISSIVE", async () => {
    const before = engine.resources.length;
    new mesh.MeshMtls("ok", {
      provider: "istio",
      mode: "PERMISSIVE",
      ingressController: { controller: "traefik", namespace: "traefik" },
    });
    await settle();
    assert.equal(engine.resources.length, before + 2);
  });
});
