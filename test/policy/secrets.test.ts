import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks } from "../helpers/mocks";
import { scenario, violationsOf, messagesOf } from "./support";

const engine = useMocks({ stack: "dev" });

// Not a real key: only the PEM armour matters to the rule.
const KEY =
  "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIPLACEHOLDER\n-----END PRIVATE KEY-----\n";

describe("secrets", () => {
  let k8s: typeof import("@pulumi/kubernetes");
  let pulumi: typeof import("@pulumi/pulumi");
  before(async () => {
    k8s = await import("@pulumi/kubernetes");
    pulumi = await import("@pulumi/pulumi");
  });

  const secret = (type: string | undefined, data: Record<string, string>) =>
    new k8s.core.v1.Secret("site", {
      metadata: { name: "site", namespace: "apps" },
      ...(type ? { type } : {}),
      stringData: pulumi.secret(data),
    });

  it("passes a key in a kubernetes.io/tls Secret", async () => {
    const resources = await scenario(
      engine,
      () => void secret("kubernetes.io/tls", { "tls.crt": "c", "tls.key": KEY }),
    );
    assert.deepEqual(await violationsOf(resources, "secrets"), []);
  });

  it("fails a key in an Opaque Secret (typed, base64 data too)", async () => {
    const resources = await scenario(engine, () => void secret("Opaque", { "server.key": KEY }));
    assert.deepEqual(await violationsOf(resources, "secrets"), [
      {
        policy: "secrets",
        enforcementLevel: "mandatory",
        severity: "critical",
        resource: "site",
        type: "kubernetes:core/v1:Secret",
        message:
          "Secret apps/site of type Opaque holds a private key in stringData.server.key. Fix: store TLS keys in a Secret of type kubernetes.io/tls.",
      },
    ]);
    const encoded = await scenario(engine, () => {
      new k8s.core.v1.Secret("site", {
        metadata: { name: "site", namespace: "apps" },
        data: pulumi.secret({ key: Buffer.from(KEY).toString("base64") }),
      });
    });
    assert.deepEqual(await messagesOf(encoded, "secrets"), [
      "Secret apps/site of type Opaque holds a private key in data.key. Fix: store TLS keys in a Secret of type kubernetes.io/tls.",
    ]);
  });

  it("fails a key in a ConfigMap inside a ConfigGroup", async () => {
    const resources = await scenario(
      engine,
      () => {
        new k8s.yaml.v2.ConfigGroup("leak", {
          objs: [
            {
              apiVersion: "v1",
              kind: "ConfigMap",
              metadata: { name: "certs", namespace: "apps" },
              data: { "tls.key": KEY },
            },
          ],
        });
      },
      { plainSecretsOnPurpose: true },
    );
    assert.deepEqual(await violationsOf(resources, "secrets"), [
      {
        policy: "secrets",
        enforcementLevel: "mandatory",
        severity: "critical",
        resource: "core/ConfigMap/certs",
        type: "kubernetes:core/v1:ConfigMap",
        message:
          "ConfigMap apps/certs holds a PEM private key in data.tls.key. Fix: move it to a kubernetes.io/tls Secret and rotate the key (ConfigMaps are not secret).",
      },
    ]);
  });
});

describe("secret-readers", () => {
  let k8s: typeof import("@pulumi/kubernetes");
  before(async () => {
    k8s = await import("@pulumi/kubernetes");
  });

  const reader = (
    verbs: string[],
    subject: { kind: string; name: string; namespace?: string; apiGroup?: string },
  ) => {
    new k8s.rbac.v1.ClusterRole("reader", {
      metadata: { name: "secret-reader" },
      rules: [{ apiGroups: [""], resources: ["secrets"], verbs }],
    });
    new k8s.rbac.v1.ClusterRoleBinding("reader", {
      metadata: { name: "secret-reader" },
      roleRef: {
        apiGroup: "rbac.authorization.k8s.io",
        kind: "ClusterRole",
        name: "secret-reader",
      },
      subjects: [subject],
    });
  };

  it("passes secret reads bound to a system subject and non-read verbs", async () => {
    const system = await scenario(engine, () =>
      reader(["get"], {
        kind: "Group",
        name: "system:masters",
        apiGroup: "rbac.authorization.k8s.io",
      }),
    );
    assert.deepEqual(await violationsOf(system, "secret-readers"), []);
    const create = await scenario(engine, () =>
      reader(["create"], { kind: "ServiceAccount", name: "ci", namespace: "ci" }),
    );
    assert.deepEqual(await violationsOf(create, "secret-readers"), []);
  });

  it("advises against cluster-wide secret reads by other subjects", async () => {
    const resources = await scenario(engine, () =>
      reader(["list"], { kind: "ServiceAccount", name: "ci", namespace: "ci" }),
    );
    assert.deepEqual(await violationsOf(resources, "secret-readers"), [
      {
        policy: "secret-readers",
        enforcementLevel: "advisory",
        severity: "medium",
        resource: "reader",
        type: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
        message:
          "ClusterRoleBinding secret-reader lets ServiceAccount/ci/ci read every Secret (and every TLS key) through ClusterRole secret-reader. Fix: use a namespaced Role with resourceNames, or add the subject to allowedSubjects.",
      },
    ]);
    const config = { "secret-readers": { allowedSubjects: ["ServiceAccount/ci/ci"] } };
    assert.deepEqual(await messagesOf(resources, "secret-readers", { config }), []);
  });
});
