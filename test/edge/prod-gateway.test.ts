/**
 * Prod's TLS passthrough (the mqtt app) through Traefik's Gateway provider, checked against the
 * real systems: the Traefik chart 41.3.0 rendered by helm from the program's own values, the
 * Gateway API v1.5.1 CRD schemas, and Traefik's listener-to-entry-point rule.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { useMocks, checkAll, inputsOf, settle } from "../helpers/mocks";
import {
  MONITORING_API_VERSIONS,
  UPSTREAM_CHARTS,
  helmTemplate,
  requireHelm,
  type RenderedObject,
} from "../helpers/helm";
import { GATEWAY_API_STANDARD_CRDS, crdSchemaProblems, crdsIn } from "../helpers/crd-schema";

const engine = useMocks({ stack: "prod" });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

function object(name: string): Obj {
  const inputs = inputsOf(engine, name);
  return { ...inputs, apiVersion: inputs["apiVersion"], kind: inputs["kind"] };
}

/**
 * Traefik's `entryPointName` (pkg/provider/kubernetes/gateway/kubernetes.go, v3.7.11): the entry
 * point whose address ends in ":<listener port>", for HTTP only one without TLS.
 */
function entryPointFor(
  entryPoints: readonly { name: string; address: string; tls: boolean }[],
  port: number,
  protocol: string,
): string | undefined {
  return entryPoints.find((e) => e.address.endsWith(`:${port}`) && !(protocol === "HTTP" && e.tls))
    ?.name;
}

/** What the Traefik chart renders from the values of prod's `edge` release, as Helm installs it. */
function renderEdge(helm: string): RenderedObject[] {
  const release = inputsOf(engine, "edge-release");
  return helmTemplate(helm, UPSTREAM_CHARTS.traefik, release["values"], {
    namespace: release["namespace"] as string,
    releaseName: release["name"] as string,
    apiVersions: MONITORING_API_VERSIONS,
  });
}

describe("prod: passthrough through Traefik's Gateway provider", () => {
  before(async () => {
    const { readStackConfig } = await import("../../cli/offline/run.js");
    const { parseStackConfig } = await import("../../stacks/config.js");
    const { program } = await import("../../stacks/program.js");
    const { config, secretKeys } = readStackConfig(
      join(__dirname, "../../stacks/Pulumi.prod.yaml"),
      "tls-edge",
    );
    program(parseStackConfig("prod", config, secretKeys));
    await settle();
  });

  it("installs the Gateway API CRDs from the official release manifest", async () => {
    const { GATEWAY_API } = await import("../../components/known.js");
    const group = engine.named("gateway-api-crds");
    assert.equal(group.type, "kubernetes:yaml/v2:ConfigGroup");
    assert.equal(group.parent, engine.named("gateway-api").urn);
    assert.deepEqual(inputsOf(engine, "gateway-api-crds")["files"], [GATEWAY_API.standardInstall]);
    await checkAll(engine);
  });

  it("cert-manager, Traefik and the Gateway are applied after the CRDs", () => {
    const crds = engine.named("gateway-api-crds").urn;
    for (const name of ["cert-manager-release", "edge-release", "passthrough-gateway"]) {
      assert.ok(engine.named(name).dependencies.includes(crds), `${name} waits for the CRDs`);
    }
    assert.ok(
      engine.named("mqtt-route").dependencies.includes(engine.named("passthrough-gateway").urn),
    );
    const values = inputsOf(engine, "cert-manager-release")["values"] as Obj;
    assert.deepEqual(values["config"].gatewayAPI, { enabled: true });
  });

  it("the Gateway and the TLSRoute pass the Gateway API v1.5.1 standard CRD schemas", () => {
    const crds = crdsIn(GATEWAY_API_STANDARD_CRDS);
    const gateway = object("passthrough-gateway");
    const route = object("mqtt-route");
    assert.equal(route.apiVersion, "gateway.networking.k8s.io/v1");
    assert.equal(route.kind, "TLSRoute");
    assert.deepEqual([...crdSchemaProblems(crds, gateway), ...crdSchemaProblems(crds, route)], []);
    const listener = (gateway["spec"].listeners as Obj[]).find(
      (l) => l["name"] === route["spec"].parentRefs[0].sectionName,
    );
    assert.equal(listener?.["protocol"], "TLS");
    assert.deepEqual(listener?.["tls"], { mode: "Passthrough" });
    assert.equal(listener?.["hostname"], "mqtt.example.com");
  });

  it("each listener maps to an entry point the rendered Traefik Deployment listens on", async (t) => {
    const helm = requireHelm(t);
    if (!helm) return;
    const objects = renderEdge(helm);
    const gateway = object("passthrough-gateway");
    const gatewayClass = objects.find((o) => o.kind === "GatewayClass");
    assert.equal(gatewayClass?.metadata.name, gateway["spec"].gatewayClassName);
    assert.equal(gatewayClass?.spec.controllerName, "traefik.io/gateway-controller");
    const args = objects.find((o) => o.kind === "Deployment")!.spec.template.spec.containers[0]
      .args as string[];
    assert.ok(args.includes("--providers.kubernetesgateway"));
    // Meshed: like Ingresses, Gateway routes go to the Service, which the sidecar recognises.
    assert.ok(args.includes("--providers.kubernetesgateway.nativeLBByDefault=true"));
    const entryPoints = args.flatMap((a) => {
      const m = /^--entryPoints\.([^.=]+)\.address=([^/]*)/.exec(a);
      return m
        ? [
            {
              name: m[1]!,
              address: m[2]!,
              tls: args.includes(`--entryPoints.${m[1]}.http.tls=true`),
            },
          ]
        : [];
    });
    for (const l of gateway["spec"].listeners as Obj[]) {
      assert.equal(
        entryPointFor(entryPoints, l["port"], l["protocol"]),
        "websecure",
        `listener ${l["name"]} on port ${l["port"]}`,
      );
    }
  });

  it("inspect probes the passthrough host where clients reach it: the Service's 443", async (t) => {
    const helm = requireHelm(t);
    if (!helm) return;
    const { declaredHosts } = await import("../../cli/inspect/declared-hosts.js");
    const service = renderEdge(helm).find(
      (o) => o.kind === "Service" && o.metadata.name === "traefik",
    );
    const websecure = (service?.spec.ports as Obj[]).find((p) => p["targetPort"] === "websecure");
    assert.deepEqual(
      declaredHosts(engine.resources).filter((h) => h.host === "mqtt.example.com"),
      [{ host: "mqtt.example.com", port: websecure?.["port"], resource: "passthrough-gateway" }],
    );
  });

  it("the autoscaled Traefik Deployment requests CPU, so the HPA can act", async (t) => {
    const helm = requireHelm(t);
    if (!helm) return;
    const objects = renderEdge(helm);
    const hpa = objects.find((o) => o.kind === "HorizontalPodAutoscaler");
    assert.deepEqual(
      hpa?.spec.metrics.map((m: Obj) => m["resource"].name),
      ["cpu"],
    );
    const deployment = objects.find((o) => o.kind === "Deployment")!;
    assert.equal(hpa?.spec.scaleTargetRef.name, deployment.metadata.name);
    for (const c of deployment.spec.template.spec.containers as Obj[]) {
      assert.ok(c["resources"]?.requests?.cpu, `container ${c["name"]} requests CPU`);
    }
  });
});
