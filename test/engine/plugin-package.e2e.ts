/**
 * The plugin package through the real engine (`npm run test:engine`): the CLI reads the
 * checkout's schema as Pulumi infers it from the TypeScript sources, and a Pulumi YAML program
 * adds the checkout with `pulumi package add` and deploys what a TypeScript program deploys.
 *
 * Pulumi installs a source plugin's dependencies itself (`npm install` in the checkout, which runs
 * the `prepare` build) before it runs the plugin, as it would for any user.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse, stringify } from "yaml";
import * as library from "../../components";
import * as plugin from "../../plugin";
import { Engine, REPO, engineSkip, keyOf, maskedSecret, ok, type KubeObject } from "./engine";

const skip = engineSkip("npm run test:engine", ["pulumi-language-yaml"]);

/** Library components the plugin does not offer yet, and what keeps each TypeScript-only. */
const TYPESCRIPT_ONLY: Record<string, string> = {
  CertManager: "chart values of any shape (unknown)",
  GatewayApiCrds: "readonly string[] outputs",
  AcmeIssuer: "DNS-01 solver objects, a CertManager reference",
  IssuerComponent: "an abstract base class",
  SelfSignedIssuer: "a subclass of IssuerComponent (the analyzer wants ComponentResource)",
  VaultIssuer: "an anonymous serviceAccountRef type, a CertManager reference",
  VenafiIssuer: "a CertManager reference",
  CloudflareDns01: "readonly arrays, Resource[] outputs, a CertManager reference",
  Route53Dns01: "the credential modes are a discriminated union",
  Rfc2136Dns01: "readonly arrays, Resource[] outputs, a CertManager reference",
  TlsSecret: "readonly string[] outputs",
  TlsGateway: "IngressController and GatewayApiCrds references, readonly arrays",
  MeshMtls: "readonly arrays, a literal union without a named enum",
  CertificateAlerts: "a literal union without a named enum, readonly string[] outputs",
};

function componentNames(exports: Record<string, unknown>): string[] {
  return Object.entries(exports)
    .filter(
      ([, v]) =>
        typeof v === "function" &&
        (v as { prototype: unknown }).prototype instanceof pulumi.ComponentResource,
    )
    .map(([k]) => k)
    .sort();
}

type Property = { type?: string; $ref?: string; items?: Property; additionalProperties?: Property };
type Schema = {
  name: string;
  resources: Record<
    string,
    {
      isComponent?: boolean;
      inputProperties?: Record<string, Property>;
      properties?: Record<string, Property>;
    }
  >;
  types: Record<
    string,
    { type: string; properties?: Record<string, Property>; enum?: Array<{ value: string }> }
  >;
};

/** Every property has a type of its own: a primitive, an array or map of one, or a defined type. */
function assertTyped(schema: Schema, where: string, props: Record<string, Property>): void {
  for (const [name, p] of Object.entries(props)) {
    const at = `${where}.${name}`;
    assert.notEqual(p.$ref, "pulumi.json#/Any", `${at} reaches other languages as Any`);
    if (p.$ref !== undefined) {
      const token = p.$ref.replace(/^#\/types\//, "");
      assert.ok(schema.types[token], `${at}: ${p.$ref} is not defined`);
    } else {
      assert.ok(p.type, `${at} has no type`);
      if (p.items) assertTyped(schema, at, { "[]": p.items });
      if (p.additionalProperties) assertTyped(schema, at, { "{}": p.additionalProperties });
    }
  }
}

function renderedObjects(dir: string): Map<string, KubeObject> {
  const objects = new Map<string, KubeObject>();
  for (const phase of readdirSync(dir)) {
    for (const file of readdirSync(join(dir, phase))) {
      const object = parse(readFileSync(join(dir, phase, file), "utf8")) as KubeObject;
      objects.set(keyOf(object), object.kind === "Secret" ? maskedSecret(object) : object);
    }
  }
  return objects;
}

describe("the plugin package", { skip }, () => {
  let engine: Engine;
  before(() => {
    engine = new Engine();
  });
  after(() => engine?.dispose());

  it("pulumi package get-schema lists every plugin component with typed inputs and outputs", () => {
    const schema = JSON.parse(
      ok(engine.pulumiIn(engine.root)("package", "get-schema", REPO)),
    ) as Schema;
    assert.equal(schema.name, "tls-edge");
    const offered = componentNames(plugin);
    assert.deepEqual(
      Object.keys(schema.resources).sort(),
      offered.map((n) => `tls-edge:index:${n}`),
    );
    for (const [token, resource] of Object.entries(schema.resources)) {
      assert.equal(resource.isComponent, true, token);
      assert.ok(Object.keys(resource.inputProperties ?? {}).length > 0, `${token} has no inputs`);
      assert.ok(Object.keys(resource.properties ?? {}).length > 0, `${token} has no outputs`);
      assertTyped(schema, `${token} input`, resource.inputProperties ?? {});
      assertTyped(schema, `${token} output`, resource.properties ?? {});
    }
    for (const [token, type] of Object.entries(schema.types)) {
      assertTyped(schema, token, type.properties ?? {});
    }
    assert.deepEqual(
      schema.types["tls-edge:index:IssuerKind"]?.enum?.map((e) => e.value),
      Object.values(library.IssuerKind),
    );
    // Every library component is offered, or listed with what keeps it TypeScript-only.
    assert.deepEqual(
      componentNames(library).filter((n) => !offered.includes(n)),
      Object.keys(TYPESCRIPT_ONLY).sort(),
    );
  });

  it("a Pulumi YAML program adds the checkout and deploys what the TypeScript program does", () => {
    const yamlDir = join(engine.root, "yaml-program");
    const yamlOut = join(engine.root, "yaml-out");
    cpSync(join(REPO, "test/engine/yaml-program"), yamlDir, { recursive: true });
    const yaml = engine.pulumiIn(yamlDir);
    ok(yaml("package", "add", REPO));
    const project = parse(readFileSync(join(yamlDir, "Pulumi.yaml"), "utf8")) as {
      packages?: Record<string, string>;
    };
    assert.deepEqual(project.packages, { "tls-edge": REPO });
    ok(yaml("stack", "init", "dev"));
    ok(yaml("config", "set", "kubernetes:renderYamlToDirectory", yamlOut, "-s", "dev"));
    ok(yaml("up", "--yes", "--skip-preview", "-s", "dev"));

    const project2 = engine.makeProject("dev", () => {});
    const tsDir = join(project2, "test/engine/fixtures/plugin-program");
    const tsOut = join(engine.root, "ts-out");
    writeFileSync(join(tsDir, "Pulumi.yaml"), "name: plugin-program\nruntime: nodejs\n");
    writeFileSync(
      join(tsDir, "tsconfig.json"),
      JSON.stringify({
        extends: "../../../../tsconfig.json",
        compilerOptions: { target: "es2022" },
      }),
    );
    writeFileSync(
      join(tsDir, "Pulumi.dev.yaml"),
      stringify({ config: { "kubernetes:renderYamlToDirectory": tsOut } }),
    );
    const ts = engine.pulumiIn(tsDir);
    ok(ts("stack", "init", "dev"));
    ok(ts("up", "--yes", "--skip-preview", "-s", "dev"));

    const fromYaml = renderedObjects(yamlOut);
    const fromTs = renderedObjects(tsOut);
    assert.deepEqual([...fromYaml.keys()].sort(), [
      "cert-manager.io/v1/Certificate/shop/shop-tls",
      "cert-manager.io/v1/ClusterIssuer//internal-ca",
      "networking.k8s.io/v1/Ingress/shop/shop",
      "v1/Namespace//traefik",
      "v1/Secret/cert-manager/internal-ca-ca",
    ]);
    assert.deepEqual([...fromYaml.keys()].sort(), [...fromTs.keys()].sort());
    for (const [key, object] of fromYaml) assert.deepEqual(object, fromTs.get(key), key);

    ok(yaml("destroy", "--yes", "--skip-preview", "-s", "dev"));
    ok(ts("destroy", "--yes", "--skip-preview", "-s", "dev"));
  });
});
