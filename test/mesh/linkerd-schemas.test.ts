import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { schemaProblems } from "../helpers/schema";
import { linkerdValidator } from "../helpers/linkerd-schemas";

const server = {
  apiVersion: "policy.linkerd.io/v1beta3",
  kind: "Server",
  metadata: { name: "web", namespace: "shop", labels: { team: "a" } },
  spec: { podSelector: { matchLabels: { app: "web" } }, port: "http", accessPolicy: "deny" },
};

describe("Linkerd CRD schemas in the strict check", () => {
  it("accepts a Server as published, with any matchLabels keys", async () => {
    assert.deepEqual(await schemaProblems(server), []);
  });

  it("rejects unknown fields where the CRD does not preserve them", async () => {
    const bad = { ...server, spec: { ...server.spec, proxyProtocl: "HTTP/2" } };
    assert.deepEqual(await schemaProblems(bad), [
      'Server/web: spec: must NOT have additional properties {"additionalProperty":"proxyProtocl"}',
    ]);
  });

  it("enforces the CRD's oneOf, required fields and patterns", async () => {
    const problems = await schemaProblems({
      apiVersion: "policy.linkerd.io/v1alpha1",
      kind: "MeshTLSAuthentication",
      metadata: { name: "m", namespace: "shop" },
      spec: { identityRefs: [{ name: "sa" }], identities: ["Bad_Identity"] },
    });
    assert.deepEqual(problems.sort(), [
      'MeshTLSAuthentication/m: spec.identities.0: must match pattern "^(\\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?)(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$" {"pattern":"^(\\\\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?)(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"}',
      'MeshTLSAuthentication/m: spec.identityRefs.0: must have required property \'kind\' {"missingProperty":"kind"}',
      'MeshTLSAuthentication/m: spec: must match exactly one schema in oneOf {"passingSchemas":[0,1]}',
    ]);
    assert.deepEqual(
      await schemaProblems({
        apiVersion: "policy.linkerd.io/v1alpha1",
        kind: "AuthorizationPolicy",
        metadata: { name: "a", namespace: "shop" },
        spec: { targetRef: { kind: "Server", name: "web" } },
      }),
      [
        'AuthorizationPolicy/a: spec: must have required property \'requiredAuthenticationRefs\' {"missingProperty":"requiredAuthenticationRefs"}',
      ],
    );
  });

  it("throws errors carrying ajv's .errors, like the kubernetes-models validators", () => {
    const validate = linkerdValidator("policy.linkerd.io/v1beta3", "Server")!;
    assert.doesNotThrow(() => validate.call(server));
    assert.throws(
      () => validate.call({ ...server, spec: { port: 80 } }),
      (err: Error & { errors?: { instancePath: string }[] }) =>
        err.errors?.some((e) => e.instancePath === "/spec") === true,
    );
    assert.equal(linkerdValidator("policy.linkerd.io/v1beta3", "HTTPRoute"), undefined);
    assert.equal(linkerdValidator("v1", "Namespace"), undefined);
  });
});
