/**
 * The main job: `tls-edge render <stack>` for the shipped stacks, with no cluster, no cloud
 * account and no Pulumi CLI. Every emitted object passes the strict schema check, and no key
 * material or token reaches the disk.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { assertSchemaValid } from "../helpers/schema";
import type { KubernetesObject } from "../../cli/offline/objects";

interface Rendered {
  objects: KubernetesObject[];
  resources: Array<{ type: string; name: string; parent: string | null; inputs: unknown }>;
  graph: string;
  text: string;
  summary: string;
}

const out = mkdtempSync(join(tmpdir(), "tls-edge-render-"));
const rendered: Record<string, Rendered> = {};

function renderStack(stack: string): Rendered {
  const summary = execFileSync(
    process.execPath,
    ["bin/tls-edge.js", "render", stack, "--out", out],
    {
      encoding: "utf8",
      env: { ...process.env, PULUMI_CONFIG_PASSPHRASE: "" },
    },
  );
  const dir = join(out, stack);
  const manifests = readFileSync(join(dir, "manifests.yaml"), "utf8");
  const resourcesText = readFileSync(join(dir, "resources.json"), "utf8");
  const graph = readFileSync(join(dir, "graph.mmd"), "utf8");
  return {
    objects: parseAllDocuments(manifests).map((d) => d.toJS() as KubernetesObject),
    resources: JSON.parse(resourcesText) as Rendered["resources"],
    graph,
    text: manifests + resourcesText + graph,
    summary,
  };
}

function spec(o: KubernetesObject): Record<string, unknown> {
  return (o["spec"] ?? {}) as Record<string, unknown>;
}

describe("tls-edge render for the shipped stacks", { timeout: 120_000 }, () => {
  before(() => {
    for (const stack of ["dev", "staging", "prod", "lab"]) rendered[stack] = renderStack(stack);
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  for (const stack of ["dev", "staging", "prod", "lab"]) {
    it(`${stack}: every object passes the strict schema check`, async () => {
      const { objects } = rendered[stack]!;
      assert.ok(objects.length > 5, `${stack} rendered only ${objects.length} objects`);
      await assertSchemaValid(objects);
    });

    it(`${stack}: writes no key material, token or config placeholder`, () => {
      const { text } = rendered[stack]!;
      assert.doesNotMatch(text, /PRIVATE KEY|offline placeholder|offline-placeholder-for/);
    });

    it(`${stack}: lists every resource with its parent and draws the graph`, () => {
      const { resources, graph } = rendered[stack]!;
      const names = new Set(resources.map((r) => r.name));
      for (const r of resources) if (r.parent) assert.ok(names.has(r.parent), r.parent);
      assert.ok(resources.some((r) => r.type === "tls-edge:edge:IngressController"));
      assert.match(graph, /^flowchart LR\n/);
      assert.equal((graph.match(/ --> /g) ?? []).length, resources.filter((r) => r.parent).length);
    });
  }

  it("dev creates no AWS or Cloudflare resource at all", () => {
    const types = rendered["dev"]!.resources.map((r) => r.type);
    assert.deepEqual(
      types.filter((t) => t.startsWith("aws:") || t.startsWith("cloudflare:")),
      [],
    );
    const issuers = rendered["dev"]!.objects.filter((o) => o.kind === "ClusterIssuer");
    assert.deepEqual(
      issuers.map((o) => Object.keys(spec(o))),
      [["ca"]],
    );
  });

  it("prod: production issuer with its staging twin, STRICT mTLS, HA controller, alerts", () => {
    const { objects, resources } = rendered["prod"]!;
    const issuers = Object.fromEntries(
      objects
        .filter((o) => o.kind === "ClusterIssuer")
        .map((o) => [o.metadata!.name!, spec(o)["acme"] as { server: string; solvers: unknown[] }]),
    );
    assert.equal(issuers["letsencrypt"]!.server, "https://acme-v02.api.letsencrypt.org/directory");
    assert.equal(
      issuers["letsencrypt-staging"]!.server,
      "https://acme-staging-v02.api.letsencrypt.org/directory",
    );
    assert.deepEqual(issuers["letsencrypt-staging"]!.solvers, issuers["letsencrypt"]!.solvers);

    const certificates = objects.filter((o) => o.kind === "Certificate");
    assert.ok(certificates.length > 0);
    for (const c of certificates) {
      assert.equal((spec(c)["issuerRef"] as { name: string }).name, "letsencrypt");
    }
    const ingresses = objects.filter((o) => o.kind === "Ingress");
    for (const i of ingresses) {
      assert.equal(
        i.metadata?.["annotations"]?.["cert-manager.io/cluster-issuer" as never],
        "letsencrypt",
      );
    }

    const peer = objects.filter((o) => o.kind === "PeerAuthentication");
    assert.ok(peer.length > 0);
    for (const p of peer) assert.equal((spec(p)["mtls"] as { mode: string }).mode, "STRICT");
    assert.ok(objects.some((o) => o.kind === "PrometheusRule"));

    const release = resources.find(
      (r) =>
        r.type === "kubernetes:helm.sh/v3:Release" &&
        (r.inputs as { chart: string }).chart === "traefik",
    );
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- chart values are free-form
    const values = (release!.inputs as { values: Record<string, any> }).values;
    assert.ok(values["autoscaling"].minReplicas >= 3);
    assert.ok(values["podDisruptionBudget"].enabled);
    const anti = values["affinity"].podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution;
    assert.equal(anti[0].topologyKey, "kubernetes.io/hostname");
    assert.equal(values["topologySpreadConstraints"][0].topologyKey, "topology.kubernetes.io/zone");
    assert.ok(resources.some((r) => r.type.startsWith("cloudflare:")));
    assert.ok(resources.some((r) => r.type.startsWith("aws:iam")));
  });

  for (const stack of ["dev", "staging", "prod", "lab"]) {
    it(`${stack}: the reencrypt app's IngressRoute (https) → ServersTransport → CA ConfigMap in its namespace`, () => {
      const { objects } = rendered[stack]!;
      const find = (kind: string, name: string) =>
        objects.filter(
          (o) => o.kind === kind && o.metadata?.namespace === "api" && o.metadata.name === name,
        );
      const [route] = find("IngressRoute", "api");
      assert.ok(route, `${stack}: no IngressRoute api/api`);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- walked freely
      const service = (spec(route) as any).routes[0].services[0];
      assert.equal(service.name, "api");
      assert.equal(service.scheme, "https");
      const [transport] = find("ServersTransport", service.serversTransport);
      assert.ok(transport, `${stack}: no ServersTransport api/${service.serversTransport}`);
      assert.equal(spec(transport).serverName, "api.api.svc.cluster.local");
      const [rootCa] = spec(transport).rootCAs as { configMap: string }[];
      const [bundle] = find("ConfigMap", rootCa!.configMap);
      assert.ok(bundle && "ca.crt" in (bundle["data"] as object), `${stack}: no CA ConfigMap`);
    });
  }

  it("lab: Pebble issuer and its staging twin with one RFC 2136 solver, HA Traefik, a masked TSIG Secret", () => {
    const { objects, resources, summary } = rendered["lab"]!;
    const issuers = Object.fromEntries(
      objects
        .filter((o) => o.kind === "ClusterIssuer" && spec(o)["acme"])
        .map((o) => [o.metadata!.name!, spec(o)["acme"] as { server: string; solvers: unknown[] }]),
    );
    assert.deepEqual(Object.keys(issuers).sort(), ["acme", "acme-staging"]);
    assert.equal(issuers["acme"]!.server, "https://127.0.0.1:14000/dir");
    assert.equal(issuers["acme-staging"]!.server, "https://127.0.0.1:14001/dir");
    assert.deepEqual(issuers["acme-staging"]!.solvers, issuers["acme"]!.solvers);
    assert.deepEqual(issuers["acme"]!.solvers, [
      {
        dns01: {
          rfc2136: {
            nameserver: "127.0.0.1:53",
            tsigKeyName: "tls-edge-lab",
            tsigAlgorithm: "HMACSHA256",
            tsigSecretSecretRef: { name: "rfc2136-lab-tls-edge-test-tsig", key: "tsig-secret-key" },
          },
        },
        selector: { dnsZones: ["lab.tls-edge.test"] },
      },
    ]);
    const secret = objects.find(
      (o) => o.kind === "Secret" && o.metadata?.name === "rfc2136-lab-tls-edge-test-tsig",
    );
    assert.equal(secret?.metadata?.namespace, "cert-manager");
    assert.deepEqual(secret?.["stringData"], { "tsig-secret-key": "[secret]" });
    const certificates = objects.filter((o) => o.kind === "Certificate");
    assert.ok(certificates.length > 0);
    for (const c of certificates) {
      const ref = (spec(c)["issuerRef"] as { name: string }).name;
      assert.ok(["acme", "backend-ca"].includes(ref), ref);
    }
    assert.ok(objects.some((o) => o.kind === "PeerAuthentication"));
    assert.ok(objects.some((o) => o.kind === "PrometheusRule"));
    assert.ok(
      objects.some((o) => o.kind === "TLSRoute"),
      "the passthrough app goes through a Gateway",
    );
    const release = resources.find(
      (r) =>
        r.type === "kubernetes:helm.sh/v3:Release" &&
        (r.inputs as { chart: string }).chart === "traefik",
    );
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- chart values are free-form
    const values = (release!.inputs as { values: Record<string, any> }).values;
    assert.ok(values["deployment"].replicas >= 2);
    assert.ok(values["podDisruptionBudget"].enabled);
    assert.match(summary, /ClusterIssuer acme: acme, test/);
    assert.match(summary, /ClusterIssuer acme-staging: acme, test/);
    assert.match(summary, /hosts: +\*\.apps\.lab\.tls-edge\.test, /);
  });

  it("prints a summary of objects, issuers and hosts", () => {
    const { summary } = rendered["prod"]!;
    assert.match(summary, /ClusterIssuer letsencrypt: acme, production/);
    assert.match(summary, /ClusterIssuer letsencrypt-staging: acme, staging/);
    assert.match(
      summary,
      /hosts: +\*\.api\.example\.net, api\.example\.net, example\.com, mqtt\.example\.com, www\.example\.com/,
    );
  });

  it("rejects an unknown stack as a usage error and bad config naming the key", () => {
    let status = 0;
    try {
      execFileSync(process.execPath, ["bin/tls-edge.js", "render", "nope", "--out", out], {
        stdio: "pipe",
      });
    } catch (err) {
      status = (err as { status: number }).status;
    }
    assert.equal(status, 2);
  });
});
