import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parseAllDocuments } from "yaml";
import { useMocks, checkAll, inputsOf, settle } from "../helpers/mocks";
import { UPSTREAM } from "../helpers/helm";
import { GATEWAY_API_STANDARD_CRDS } from "../helpers/crd-schema";

const engine = useMocks();

type Edge = typeof import("../../components/edge/index.js");
let edge: Edge;
let known: typeof import("../../components/known.js");
let crds: InstanceType<Edge["GatewayApiCrds"]>;
const scratch = mkdtempSync(join(tmpdir(), "tls-edge-gateway-api-"));

// The program runs from the project root, and so do the tests: local sources are relative to it.
const STANDARD = relative(process.cwd(), GATEWAY_API_STANDARD_CRDS);
const EXPERIMENTAL = relative(
  process.cwd(),
  join(UPSTREAM, "gateway-api-v1.5.1/config/crd/experimental"),
);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

function documents(files: readonly string[]): Obj[] {
  return files.flatMap((f) =>
    parseAllDocuments(readFileSync(f, "utf8")).map((d) => d.toJS() as Obj),
  );
}

describe("GatewayApiCrds", () => {
  before(async () => {
    edge = await import("../../components/edge/index.js");
    known = await import("../../components/known.js");
    crds = new edge.GatewayApiCrds("gateway-api");
    await settle();
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it("applies the official v1.5.1 standard manifest through one ConfigGroup", async () => {
    assert.equal(engine.named("gateway-api").type, "tls-edge:edge:GatewayApiCrds");
    const group = engine.named("gateway-api-crds");
    assert.equal(group.type, "kubernetes:yaml/v2:ConfigGroup");
    assert.equal(group.parent, engine.named("gateway-api").urn);
    assert.deepEqual(inputsOf(engine, "gateway-api-crds"), {
      files: [
        "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.1/standard-install.yaml",
      ],
    });
    assert.equal(crds.source, known.GATEWAY_API.standardInstall);
    assert.deepEqual(crds.ready, [crds.group]);
    await checkAll(engine);
  });

  it("a local folder becomes its manifests, which hold TLSRoute v1 (standard channel)", async () => {
    const local = new edge.GatewayApiCrds("lab-gateway-api", { source: STANDARD });
    await settle();
    const files = inputsOf(engine, "lab-gateway-api-crds")["files"] as string[];
    assert.deepEqual(files, local.files);
    assert.ok(files.every((f) => f.startsWith(STANDARD)));
    const objects = documents(files).filter((o) => o);
    const crd = (kind: string) =>
      objects.find(
        (o) => o["kind"] === "CustomResourceDefinition" && o["spec"].names.kind === kind,
      );
    for (const kind of ["GatewayClass", "Gateway", "HTTPRoute", "TLSRoute", "BackendTLSPolicy"]) {
      const served = (crd(kind)?.["spec"].versions as Obj[]).filter((v) => v["served"]);
      assert.ok(
        served.some((v) => v["name"] === "v1"),
        `${kind} v1 is served`,
      );
    }
    assert.equal(
      crd("TLSRoute")?.["metadata"].annotations["gateway.networking.k8s.io/channel"],
      "standard",
    );
  });

  it("leaves kustomize's file out of a folder", () => {
    const files = edge.gatewayApiCrdFiles(EXPERIMENTAL);
    assert.ok(files.length > 0);
    assert.ok(!files.some((f) => f.endsWith("kustomization.yaml")));
    // Every document the ConfigGroup would apply is a Kubernetes object.
    for (const o of documents(files).filter((d) => d)) {
      assert.ok(o["apiVersion"] && o["kind"], JSON.stringify(o).slice(0, 80));
    }
  });

  it("refuses a plain-HTTP URL, a missing path, an empty folder and releases before v1.5", () => {
    const old = join(scratch, "old");
    const empty = join(scratch, "empty");
    mkdirSync(old);
    mkdirSync(empty);
    writeFileSync(
      join(old, "tlsroutes.yaml"),
      "metadata:\n  annotations:\n    gateway.networking.k8s.io/bundle-version: v1.4.0\n",
    );
    const fix = `use the release manifest, e.g. ${known.GATEWAY_API.standardInstall}, or a local file or folder`;
    const cases: [string, string][] = [
      [
        "http://example.com/standard-install.yaml",
        `"http://example.com/standard-install.yaml" is not an https URL; ${fix}`,
      ],
      ["no/such/folder", `"no/such/folder" does not exist; ${fix}`],
      [empty, `${JSON.stringify(empty)} holds no YAML files; ${fix}`],
      [
        "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml",
        `"https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml" is Gateway API v1.4, which has no TLSRoute v1; use v1.5 or newer, e.g. ${known.GATEWAY_API.standardInstall}`,
      ],
      [
        old,
        `${JSON.stringify(old)} is Gateway API v1.4, which has no TLSRoute v1; use v1.5 or newer, e.g. ${known.GATEWAY_API.standardInstall}`,
      ],
    ];
    for (const [source, message] of cases) {
      assert.throws(() => edge.validateGatewayApiCrdsArgs({ source }), {
        message: `GatewayApiCrdsArgs.source: ${message}`,
      });
    }
  });

  it("the controller's release and a TlsGateway on its provider wait for the CRDs", async () => {
    const c = new edge.IngressController("gw-edge", {
      gatewayApi: crds,
      defaultCertificate: { secretName: "edge-tls" },
    });
    const gw = new edge.TlsGateway("gw-passthrough", {
      controller: c,
      namespace: c.namespace,
      passthroughHosts: ["db.example.com"],
    });
    await settle();
    const group = engine.named("gateway-api-crds").urn;
    assert.ok(engine.named("gw-edge-release").dependencies.includes(group));
    const gateway = engine.named("gw-passthrough-gateway");
    assert.ok(gateway.dependencies.includes(group));
    assert.ok(gateway.dependencies.includes(engine.named("gw-edge-release").urn));
    const spec = inputsOf(engine, "gw-passthrough-gateway")["spec"] as Obj;
    assert.equal(spec["gatewayClassName"], "traefik");
    assert.deepEqual(
      (spec["listeners"] as Obj[]).map((l) => [l["name"], l["port"], l["protocol"]]),
      [
        ["http", 8000, "HTTP"],
        ["tls-db-example-com", 8443, "TLS"],
      ],
    );
    assert.deepEqual(gw.ports, { http: 8000, https: 8443 });
    await checkAll(engine);
  });

  it("a Gateway of another implementation waits for the CRDs it is given", async () => {
    new edge.TlsGateway("gw-istio", {
      gatewayClassName: "istio",
      crds,
      namespace: "gateways",
      passthroughHosts: ["db.example.com"],
      httpRedirect: false,
    });
    await settle();
    assert.ok(
      engine.named("gw-istio-gateway").dependencies.includes(engine.named("gateway-api-crds").urn),
    );
    const spec = inputsOf(engine, "gw-istio-gateway")["spec"] as Obj;
    assert.equal(spec["listeners"][0].port, 443);
  });
});
