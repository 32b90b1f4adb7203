/**
 * Objects declared through the v1 YAML components (`k8s.yaml.ConfigFile`, `k8s.yaml.ConfigGroup`)
 * appear offline as the children the SDK registers once the provider's `kubernetes:yaml:decode`
 * has answered: in render's output and in what policy checks. The real engine lane compares the
 * same fixture against `pulumi up` with the real Kubernetes provider.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseAllDocuments } from "yaml";
import { decodeYaml } from "../../cli/offline/yaml-decode";
import { assertSchemaValid } from "../helpers/schema";
import type { KubernetesObject } from "../../cli/offline/objects";

const REPO = resolve(__dirname, "../..");
const CLI = join(REPO, "bin/tls-edge.js");
const FIXTURE = join(__dirname, "fixtures/yaml/index.ts");

function cli(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: REPO, encoding: "utf8" });
}

describe("kubernetes:yaml:decode offline", () => {
  it("returns each document with a kind and an apiVersion, in order, Lists as Lists", () => {
    const objects = decodeYaml(
      [
        "# comments only",
        "---",
        "apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}",
        "---",
        "",
        "---",
        "metadata: {name: no-kind}",
        "---",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {when: 2026-01-01, port: 0755}",
      ].join("\n"),
    );
    assert.deepEqual(objects, [
      {
        apiVersion: "v1",
        kind: "List",
        items: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" } }],
      },
      // YAML 1.1 as Kubernetes' decoder reads it: timestamps stay strings, 0755 is octal.
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "b" },
        data: { when: "2026-01-01", port: 493 },
      },
    ]);
  });

  it("fails on text that is not YAML, naming the document", () => {
    assert.throws(
      () => decodeYaml("apiVersion: v1\nkind: ConfigMap\n---\nmetadata: [unclosed"),
      /^Error: kubernetes:yaml:decode: document 2: /,
    );
  });
});

describe("v1 YAML components offline", () => {
  const out = mkdtempSync(join(tmpdir(), "tls-edge-yaml-"));
  let resources: Array<{ type: string; name: string; parent: string | null }>;
  let objects: KubernetesObject[];
  before(() => {
    const render = cli("render", "dev", "--program", FIXTURE, "--out", out);
    assert.equal(render.status, 0, render.stderr);
    resources = JSON.parse(
      readFileSync(join(out, "dev/resources.json"), "utf8"),
    ) as typeof resources;
    objects = parseAllDocuments(readFileSync(join(out, "dev/manifests.yaml"), "utf8")).map(
      (d) => d.toJS() as KubernetesObject,
    );
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it("registers every object as a child, named as the SDK names it", () => {
    // Names are `<namespace>/<name>` (or the name alone), prefixed `<resourcePrefix>-`; a List
    // gives one child per item (@pulumi/kubernetes yaml/yaml.js, parseYamlObject).
    assert.deepEqual(
      resources.map((r) => [r.type, r.name, r.parent]).sort(),
      [
        ["kubernetes:yaml:ConfigFile", "shop-objects", null],
        ["kubernetes:yaml:ConfigGroup", "shop-web", null],
        ["kubernetes:core/v1:Namespace", "shop", "shop-objects"],
        ["kubernetes:cert-manager.io/v1:ClusterIssuer", "letsencrypt-staging", "shop-objects"],
        ["kubernetes:core/v1:ServiceAccount", "edge-shop/web", "shop-web"],
        ["kubernetes:core/v1:ConfigMap", "shop/colors", "shop-objects"],
        ["kubernetes:core/v1:ConfigMap", "shop/sizes", "shop-objects"],
        ["kubernetes:cert-manager.io/v1:Certificate", "shop/shop-tls", "shop-objects"],
        ["kubernetes:core/v1:Service", "edge-shop/web", "shop-web"],
        ["kubernetes:networking.k8s.io/v1:Ingress", "edge-shop/web", "shop-web"],
      ].sort(),
    );
  });

  it("writes their objects to manifests.yaml, each valid against its schema", async () => {
    assert.deepEqual(objects.map((o) => `${o.kind}/${o.metadata?.name}`).sort(), [
      "Certificate/shop-tls",
      "ClusterIssuer/letsencrypt-staging",
      "ConfigMap/colors",
      "ConfigMap/sizes",
      "Ingress/web",
      "Namespace/shop",
      "Service/web",
      "ServiceAccount/web",
    ]);
    await assertSchemaValid(objects);
  });

  it("lets policy see them", () => {
    const policy = cli("policy", "dev", "--program", FIXTURE, "--json");
    assert.equal(policy.status, 1, policy.stderr);
    const { violations } = JSON.parse(policy.stdout) as {
      violations: Array<Record<string, string>>;
    };
    assert.deepEqual(
      violations.map((v) => [v["policy"], v["resource"], v["type"]]),
      [["tls-required", "edge-shop/web", "kubernetes:networking.k8s.io/v1:Ingress"]],
    );
  });
});
