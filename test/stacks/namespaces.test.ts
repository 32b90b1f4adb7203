/**
 * Every object the stacks emit lands in a namespace that exists when it is applied: one the
 * stack creates (before the objects in it), one of the cluster's own, or one another system owns
 * that the stack config names and the program reads, so that a missing one stops the preview.
 * Whether a kind is namespaced comes from the upstream CRDs' `spec.scope`.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { useMocks, settle } from "../helpers/mocks";
import { isNamespaced } from "../helpers/scopes";
import { readStackConfig } from "../../cli/offline/run";
import { externalNamespaces, parseStackConfig, type StackConfig } from "../../stacks/config";
import type { KubernetesObject } from "../../cli/offline/objects";

const engine = useMocks({ stack: "namespaces" });

/** Namespaces every cluster starts with. */
const CLUSTER_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];
const NAMESPACE = "kubernetes:core/v1:Namespace";

describe("namespaces in the rendered stacks", { timeout: 120_000 }, () => {
  const out = mkdtempSync(join(tmpdir(), "tls-edge-namespaces-"));
  after(() => rmSync(out, { recursive: true, force: true }));

  for (const stack of ["dev", "staging", "prod", "lab"]) {
    it(`${stack}: each namespaced object's namespace is created first, the cluster's or declared external`, () => {
      execFileSync(process.execPath, ["bin/tls-edge.js", "render", stack, "--out", out], {
        encoding: "utf8",
      });
      const objects = parseAllDocuments(
        readFileSync(join(out, stack, "manifests.yaml"), "utf8"),
      ).map((d) => d.toJS() as KubernetesObject);
      const { config, secretKeys } = readStackConfig(`stacks/Pulumi.${stack}.yaml`, "tls-edge");
      const external = externalNamespaces(
        parseStackConfig(stack, config, secretKeys, { preview: true }),
      );
      const externalNames = external.map((e) => e.name);

      const created: string[] = [];
      const problems: string[] = [];
      for (const o of objects) {
        const what = `${o.kind} ${o.metadata?.name ?? ""}`;
        const namespaced = isNamespaced(o.apiVersion, o.kind);
        if (namespaced === undefined) {
          problems.push(`${what}: ${o.apiVersion} ${o.kind} is in no upstream CRD or known kind`);
        } else if (o.kind === "Namespace") {
          const name = o.metadata!.name!;
          if (created.includes(name)) problems.push(`${what}: created twice`);
          if (externalNames.includes(name)) problems.push(`${what}: another system owns it`);
          created.push(name);
        } else if (namespaced) {
          const ns = o.metadata?.namespace ?? "default";
          if (![...created, ...CLUSTER_NAMESPACES, ...externalNames].includes(ns)) {
            problems.push(`${what}: namespace "${ns}" is not created before it`);
          }
        } else if (o.metadata?.namespace !== undefined) {
          problems.push(`${what}: cluster-scoped but names namespace ${o.metadata.namespace}`);
        }
      }
      assert.deepEqual(problems, []);
      // Every external namespace is one the stack really writes into.
      for (const e of external) {
        assert.ok(
          objects.some((o) => o.metadata?.namespace === e.name),
          `${e.key} ${e.name} is declared but unused`,
        );
      }
    });
  }
});

describe("namespace ordering in the program", () => {
  let program: typeof import("../../stacks/program.js").program;
  before(async () => {
    ({ program } = await import("../../stacks/program.js"));
  });

  async function run(raw: Record<string, string>): Promise<StackConfig> {
    engine.reset();
    const config = parseStackConfig("namespaces", raw);
    program(config);
    await settle();
    return config;
  }
  const urnOf = (name: string) => engine.named(name).urn;
  const dependsOn = (name: string, urn: string) =>
    assert.ok(
      engine.named(name).dependencies.includes(urn),
      `${name} does not depend on ${urn}; it depends on ${engine.named(name).dependencies.join(", ")}`,
    );

  const app = (name: string, namespace: string) => ({
    name,
    namespace,
    hosts: [`${name}.example.com`],
    service: { name },
  });

  it("creates each app namespace once, before the app, and reuses the controller's", async () => {
    await run({
      "tls-edge:environment": "dev",
      "tls-edge:issuer": JSON.stringify({ type: "internalCa" }),
      "tls-edge:apps": JSON.stringify([
        app("web", "web"),
        app("blog", "web"),
        app("api", "api"),
        app("admin", "traefik"),
      ]),
    });
    assert.deepEqual(
      engine
        .ofType(NAMESPACE)
        .map((r) => (r.inputs["metadata"] as { name: string }).name)
        .sort(),
      ["api", "cert-manager", "traefik", "web"],
    );
    dependsOn("web-ingress", urnOf("web-namespace"));
    dependsOn("blog-ingress", urnOf("web-namespace"));
    dependsOn("api-ingress", urnOf("api-namespace"));
    dependsOn("admin-ingress", urnOf("edge-namespace"));
    assert.deepEqual(engine.reads, []);
  });

  it("reads the namespaces Istio and the monitoring stack own, named by their config keys", async () => {
    await run({
      "tls-edge:environment": "dev",
      "tls-edge:issuer": JSON.stringify({ type: "internalCa" }),
      "tls-edge:mesh": JSON.stringify({ mode: "STRICT", rootNamespace: "istio-root" }),
      "tls-edge:monitoring": JSON.stringify({ enabled: true, namespace: "prometheus" }),
      "tls-edge:apps": JSON.stringify([app("web", "web")]),
    });
    assert.deepEqual(engine.reads, [
      { type: NAMESPACE, name: "tls-edge:mesh.rootNamespace=istio-root", id: "istio-root" },
      { type: NAMESPACE, name: "tls-edge:monitoring.namespace=prometheus", id: "prometheus" },
    ]);
    const readUrn = (name: string) => `urn:pulumi:namespaces::tls-edge::${NAMESPACE}::${name}`;
    const rule = engine.named("certificate-alerts-rules");
    assert.equal((rule.inputs["metadata"] as { namespace: string }).namespace, "prometheus");
    dependsOn("certificate-alerts-rules", readUrn("tls-edge:monitoring.namespace=prometheus"));
    dependsOn("certificate-alerts-dashboard", readUrn("tls-edge:monitoring.namespace=prometheus"));
    // No ServiceMonitor of CertificateAlerts' own: the charts make one per target.
    assert.equal(engine.resources.filter((r) => r.name.endsWith("-monitor")).length, 0);
    const meshWide = engine.named("mesh-mesh-peer-authentication");
    assert.equal((meshWide.inputs["metadata"] as { namespace: string }).namespace, "istio-root");
    dependsOn("mesh-mesh-peer-authentication", readUrn("tls-edge:mesh.rootNamespace=istio-root"));
    // With the mesh on, the app namespace is MeshMtls's, labelled for injection.
    dependsOn("web-ingress", urnOf("mesh-namespace-web"));
    assert.deepEqual(
      engine
        .ofType(NAMESPACE)
        .map((r) => (r.inputs["metadata"] as { name: string }).name)
        .sort(),
      ["cert-manager", "traefik", "web"],
    );
  });
});
