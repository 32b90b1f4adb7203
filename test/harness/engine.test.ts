import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { startEngine, settle } from "../../cli/offline/engine";
import { toKubernetesObject, isKubernetesObject } from "../../cli/offline/objects";
import { schemaProblems } from "../helpers/schema";
import { plainSecretProblems } from "../helpers/secrets";

const engine = startEngine();

describe("offline engine and harness", () => {
  let k8s: typeof import("@pulumi/kubernetes");
  let pulumi: typeof import("@pulumi/pulumi");
  before(async () => {
    pulumi = await import("@pulumi/pulumi");
    k8s = await import("@pulumi/kubernetes");
    class Parent extends pulumi.ComponentResource {
      constructor(name: string) {
        super("tls-edge:test:Parent", name, {}, {});
        new k8s.core.v1.ConfigMap(
          `${name}-plain`,
          {
            metadata: { name: "plain", namespace: "default" },
            data: { "ca.crt": "cert", "tls.key": "-----BEGIN PRIVATE KEY-----\nabc" },
          },
          { parent: this },
        );
        new k8s.core.v1.Secret(
          `${name}-hidden`,
          {
            metadata: { name: "hidden", namespace: "default" },
            type: "kubernetes.io/tls",
            stringData: pulumi.secret({
              "tls.crt": "cert",
              "tls.key": "-----BEGIN PRIVATE KEY-----\nabc",
            }),
          },
          { parent: this },
        );
        new k8s.apiextensions.CustomResource(
          `${name}-cert`,
          {
            apiVersion: "cert-manager.io/v1",
            kind: "Certificate",
            metadata: { name: "c", namespace: "default" },
            spec: {
              secretName: "s",
              issuerRef: { name: "i", kindd: "ClusterIssuer" },
              dnsNames: ["a.example.com"],
              bogus: true,
            },
          },
          { parent: this },
        );
        this.registerOutputs({});
      }
    }
    new Parent("p");
    await settle();
  });

  it("records type, name and parent", () => {
    const cert = engine.named("p-cert");
    assert.equal(cert.type, "kubernetes:cert-manager.io/v1:Certificate");
    assert.equal(cert.parent, engine.named("p").urn);
  });

  it("rejects unknown fields like a strict API server", async () => {
    const problems = await schemaProblems(toKubernetesObject(engine.named("p-cert")));
    assert.deepEqual(problems.sort(), [
      "Certificate/c: unknown field spec.bogus",
      "Certificate/c: unknown field spec.issuerRef.kindd",
    ]);
    const secret = await schemaProblems(toKubernetesObject(engine.named("p-hidden")));
    assert.deepEqual(secret, []);
  });

  it("finds key material that is not secret", () => {
    const problems = plainSecretProblems(engine.resources.filter(isKubernetesObject));
    assert.deepEqual(problems, [
      "kubernetes:core/v1:ConfigMap p-plain: data.tls.key is not a secret",
    ]);
  });
});
