import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks } from "../helpers/mocks";
import { scenario, violationsOf, messagesOf } from "./support";

const engine = useMocks({ stack: "dev" });

const PROD = "https://acme-v02.api.letsencrypt.org/directory";
const STAGING = "https://acme-staging-v02.api.letsencrypt.org/directory";
const dns01 = [{ dns01: { route53: { region: "eu-west-1", hostedZoneID: "Z123" } } }];

describe("staging-first", () => {
  let k8s: typeof import("@pulumi/kubernetes");
  before(async () => {
    k8s = await import("@pulumi/kubernetes");
  });

  const issuer = (
    name: string,
    server: string,
    solvers: unknown[] = dns01,
    kind = "ClusterIssuer",
  ) =>
    new k8s.apiextensions.CustomResource(name, {
      apiVersion: "cert-manager.io/v1",
      kind,
      metadata: { name, ...(kind === "Issuer" ? { namespace: "apps" } : {}) },
      spec: { acme: { server, privateKeySecretRef: { name: `${name}-account` }, solvers } },
    });

  it("passes a staging issuer in dev and a production issuer with its twin in prod", async () => {
    const dev = await scenario(engine, () => void issuer("le-staging", STAGING));
    assert.deepEqual(await violationsOf(dev, "staging-first"), []);
    const prod = await scenario(engine, () => {
      issuer("le", PROD);
      issuer("le-staging", STAGING);
    });
    assert.deepEqual(await violationsOf(prod, "staging-first", { stack: "prod" }), []);
  });

  it("fails a production directory in a non-production stack (raw ClusterIssuer)", async () => {
    const resources = await scenario(engine, () => void issuer("le", PROD));
    assert.deepEqual(await violationsOf(resources, "staging-first"), [
      {
        policy: "staging-first",
        enforcementLevel: "mandatory",
        severity: "high",
        resource: "le",
        type: "kubernetes:cert-manager.io/v1:ClusterIssuer",
        message: `ClusterIssuer le uses the production ACME directory ${PROD} in non-production stack "dev". Fix: use the staging directory ${STAGING}.`,
      },
    ]);
  });

  it("fails an unknown directory outside production unless it is listed as a test CA", async () => {
    const server = "https://ca.internal.example.com/acme/acme/directory";
    const resources = await scenario(engine, () => void issuer("step", server, dns01, "Issuer"));
    assert.deepEqual(await messagesOf(resources, "staging-first", { stack: "staging" }), [
      `Issuer apps/step uses the unknown ACME directory ${server} in non-production stack "staging". Fix: use the CA's staging directory, or list ${server} in testDirectories if it is a test CA.`,
    ]);
    const config = { "staging-first": { testDirectories: [server] } };
    assert.deepEqual(
      await messagesOf(resources, "staging-first", { stack: "staging", config }),
      [],
    );
  });

  it("fails a production issuer without a staging twin", async () => {
    const resources = await scenario(engine, () => void issuer("le", PROD));
    assert.deepEqual(await messagesOf(resources, "staging-first", { stack: "prod-eu" }), [
      `ClusterIssuer le uses the production directory ${PROD} but has no staging twin. Fix: add a ClusterIssuer on ${STAGING} with the same solvers and issue there first.`,
    ]);
  });

  it("fails a twin whose solvers differ by one field", async () => {
    const resources = await scenario(engine, () => {
      issuer("le", PROD);
      issuer("le-staging", STAGING, [
        { dns01: { route53: { region: "eu-west-2", hostedZoneID: "Z123" } } },
      ]);
    });
    assert.deepEqual(await messagesOf(resources, "staging-first", { stack: "production" }), [
      "ClusterIssuer le has a staging twin (ClusterIssuer le-staging) whose solvers differ. Fix: give the twin exactly the production issuer's solvers so staging rehearses the same path.",
    ]);
  });

  it("takes production from the stack tag over the stack name, and from config", async () => {
    const resources = await scenario(engine, () => void issuer("le", PROD));
    const tagged = { stackTags: { "tls-edge:environment": "production" } };
    assert.equal(
      (await messagesOf(resources, "staging-first", { stack: "dev", ...tagged }))[0]?.includes(
        "no staging twin",
      ),
      true,
    );
    const notProd = { stackTags: { "tls-edge:environment": "staging" } };
    assert.match(
      (await messagesOf(resources, "staging-first", { stack: "prod", ...notProd }))[0] ?? "",
      /non-production stack "prod"/,
    );
    const config = { "staging-first": { productionStacks: ["live"] } };
    assert.match(
      (await messagesOf(resources, "staging-first", { stack: "prod", config }))[0] ?? "",
      /non-production stack "prod"/,
    );
    assert.match(
      (await messagesOf(resources, "staging-first", { stack: "live", config }))[0] ?? "",
      /no staging twin/,
    );
  });

  it("sees issuers inside a ConfigGroup", async () => {
    const resources = await scenario(engine, () => {
      new k8s.yaml.v2.ConfigGroup("issuers", {
        objs: [
          {
            apiVersion: "cert-manager.io/v1",
            kind: "ClusterIssuer",
            metadata: { name: "le-yaml" },
            spec: { acme: { server: PROD, privateKeySecretRef: { name: "a" }, solvers: dns01 } },
          },
        ],
      });
    });
    const found = await violationsOf(resources, "staging-first");
    assert.deepEqual(
      found.map((v) => [v.resource, v.type]),
      [["cert-manager.io/ClusterIssuer/le-yaml", "kubernetes:cert-manager.io/v1:ClusterIssuer"]],
    );
  });

  it("reports an ACME server unknown at preview instead of passing", async () => {
    const aws = await import("@pulumi/aws");
    const resources = await scenario(engine, () => {
      // A role ARN is computed by the provider, so it is unknown during a preview.
      const server = new aws.iam.Role("role", { assumeRolePolicy: "{}" }).arn;
      new k8s.apiextensions.CustomResource("le-unknown", {
        apiVersion: "cert-manager.io/v1",
        kind: "ClusterIssuer",
        metadata: { name: "le-unknown" },
        spec: { acme: { server, privateKeySecretRef: { name: "a" }, solvers: dns01 } },
      });
    });
    const messages = await messagesOf(resources, "staging-first");
    assert.equal(messages.length, 1);
    assert.match(
      messages[0]!,
      /^cannot verify the ACME directory of ClusterIssuer le-unknown at preview/,
    );
  });
});
