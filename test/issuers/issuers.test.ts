import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks, checkAll, inputsOf, settle } from "../helpers/mocks";
import { assertSecretKeys } from "./secret-keys";

const engine = useMocks();

const CLUSTER_ISSUER = "kubernetes:cert-manager.io/v1:ClusterIssuer";
const ISSUER = "kubernetes:cert-manager.io/v1:Issuer";
const SECRET = "kubernetes:core/v1:Secret";

describe("SelfSignedIssuer, VaultIssuer, VenafiIssuer", () => {
  let issuers: typeof import("../../components/issuers/index.js");
  let cm: typeof import("../../components/cert-manager.js");
  let certManager: import("../../components/cert-manager.js").CertManager;
  let releaseUrn: string;
  before(async () => {
    issuers = await import("../../components/issuers/index.js");
    cm = await import("../../components/cert-manager.js");
    certManager = new cm.CertManager("cm", { namespace: "cert-manager" });
    releaseUrn = await new Promise((r) => certManager.release!.urn.apply(r));
  });

  it("SelfSignedIssuer: cluster and namespaced", async () => {
    const cluster = new issuers.SelfSignedIssuer("bootstrap", { certManager });
    const ns = new issuers.SelfSignedIssuer("team-selfsigned", { namespace: "team-a" });
    await checkAll(engine);
    assert.equal(engine.named("bootstrap").type, "tls-edge:issuers:SelfSignedIssuer");
    assert.deepEqual(inputsOf(engine, "bootstrap-issuer"), {
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: { name: "bootstrap" },
      spec: { selfSigned: {} },
    });
    assert.ok(engine.named("bootstrap-issuer").dependencies.includes(releaseUrn));
    assert.equal(engine.named("team-selfsigned-issuer").type, ISSUER);
    assert.deepEqual(inputsOf(engine, "team-selfsigned-issuer")["metadata"], {
      name: "team-selfsigned",
      namespace: "team-a",
    });
    assert.equal(cluster.issuerKind, "ClusterIssuer");
    assert.equal(ns.issuerNamespace, "team-a");
  });

  it("VaultIssuer: token auth stored as a secret, Vault namespace and CA bundle", async () => {
    const vault = new issuers.VaultIssuer("vault", {
      server: "https://vault.example.com:8200",
      path: "pki_int/sign/example-dot-com",
      vaultNamespace: "platform",
      caBundle: "LS0tLS1CRUdJTg==",
      auth: { token: "hvs.offline-test-token" },
      certManager,
    });
    await checkAll(engine);
    const secret = engine.named("vault-token");
    assertSecretKeys(secret, ["token"]);
    assert.deepEqual(inputsOf(engine, "vault-token"), {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "vault-vault-token", namespace: "cert-manager" },
      type: "Opaque",
      stringData: { token: "hvs.offline-test-token" },
    });
    assert.deepEqual(inputsOf(engine, "vault-issuer")["spec"], {
      vault: {
        server: "https://vault.example.com:8200",
        path: "pki_int/sign/example-dot-com",
        namespace: "platform",
        caBundle: "LS0tLS1CRUdJTg==",
        auth: { tokenSecretRef: { name: "vault-vault-token", key: "token" } },
      },
    });
    const issuer = engine.named("vault-issuer");
    assert.equal(issuer.type, CLUSTER_ISSUER);
    assert.equal(secret.type, SECRET);
    assert.equal(secret.parent, engine.named("vault").urn);
    assert.equal(issuer.parent, engine.named("vault").urn);
    assert.ok(issuer.dependencies.includes(releaseUrn));
    assert.ok(issuer.dependencies.includes(secret.urn));
    assert.equal(vault.issuerKind, "ClusterIssuer");
  });

  it("VaultIssuer: AppRole in a namespaced Issuer", async () => {
    new issuers.VaultIssuer("vault-approle", {
      namespace: "team-a",
      server: "https://vault.example.com",
      path: "pki/sign/team-a",
      caBundleSecretRef: { name: "vault-ca", key: "ca.crt" },
      auth: { appRole: { roleId: "role-123", secretId: "secret-456" } },
    });
    await checkAll(engine);
    assertSecretKeys(engine.named("vault-approle-approle"), ["secretId"]);
    assert.deepEqual(inputsOf(engine, "vault-approle-approle")["metadata"], {
      name: "vault-approle-vault-approle",
      namespace: "team-a",
    });
    assert.deepEqual(inputsOf(engine, "vault-approle-approle")["stringData"], {
      secretId: "secret-456",
    });
    assert.equal(engine.named("vault-approle-issuer").type, ISSUER);
    assert.deepEqual(inputsOf(engine, "vault-approle-issuer")["spec"], {
      vault: {
        server: "https://vault.example.com",
        path: "pki/sign/team-a",
        caBundleSecretRef: { name: "vault-ca", key: "ca.crt" },
        auth: {
          appRole: {
            path: "approle",
            roleId: "role-123",
            secretRef: { name: "vault-approle-vault-approle", key: "secretId" },
          },
        },
      },
    });
  });

  it("VaultIssuer: Kubernetes auth with a ServiceAccount and the token-request RBAC", async () => {
    new issuers.VaultIssuer("vault-k8s", {
      server: "https://vault.example.com",
      path: "pki/sign/cluster",
      auth: {
        kubernetes: {
          role: "cert-manager",
          mountPath: "/v1/auth/k8s-prod",
          serviceAccountRef: { name: "vault-issuer", audiences: ["vault"] },
        },
      },
      certManager,
    });
    await checkAll(engine);
    assert.deepEqual(inputsOf(engine, "vault-k8s-sa")["metadata"], {
      name: "vault-issuer",
      namespace: "cert-manager",
    });
    assert.deepEqual(inputsOf(engine, "vault-k8s-token-role")["rules"], [
      {
        apiGroups: [""],
        resources: ["serviceaccounts/token"],
        resourceNames: ["vault-issuer"],
        verbs: ["create"],
      },
    ]);
    const binding = inputsOf(engine, "vault-k8s-token-binding");
    assert.deepEqual(binding["roleRef"], {
      apiGroup: "rbac.authorization.k8s.io",
      kind: "Role",
      name: "vault-k8s-vault-token",
    });
    assert.deepEqual(binding["subjects"], [
      { kind: "ServiceAccount", name: "cert-manager", namespace: "cert-manager" },
    ]);
    assert.deepEqual(inputsOf(engine, "vault-k8s-issuer")["spec"], {
      vault: {
        server: "https://vault.example.com",
        path: "pki/sign/cluster",
        auth: {
          kubernetes: {
            role: "cert-manager",
            mountPath: "/v1/auth/k8s-prod",
            serviceAccountRef: { name: "vault-issuer", audiences: ["vault"] },
          },
        },
      },
    });
    const deps = engine.named("vault-k8s-issuer").dependencies;
    assert.ok(deps.includes(engine.named("vault-k8s-token-binding").urn));
  });

  it("VenafiIssuer: TPP with username/password, and with an access token", async () => {
    new issuers.VenafiIssuer("tpp", {
      zone: "Certificates\\Kubernetes",
      tpp: {
        url: "https://tpp.example.com/vedsdk",
        username: "svc-cert-manager",
        password: "p4ssw0rd",
        caBundle: "LS0tLS1CRUdJTg==",
      },
      certManager,
    });
    new issuers.VenafiIssuer("tpp-token", {
      namespace: "team-a",
      zone: "Certificates\\Team A",
      tpp: { url: "https://tpp.example.com/vedsdk", accessToken: "tpp-access" },
    });
    await checkAll(engine);
    assertSecretKeys(engine.named("tpp-credentials"), ["username", "password"]);
    assert.deepEqual(inputsOf(engine, "tpp-credentials")["stringData"], {
      username: "svc-cert-manager",
      password: "p4ssw0rd",
    });
    assert.deepEqual(inputsOf(engine, "tpp-issuer")["spec"], {
      venafi: {
        zone: "Certificates\\Kubernetes",
        tpp: {
          url: "https://tpp.example.com/vedsdk",
          credentialsRef: { name: "tpp-venafi" },
          caBundle: "LS0tLS1CRUdJTg==",
        },
      },
    });
    assert.ok(engine.named("tpp-issuer").dependencies.includes(releaseUrn));
    assert.deepEqual(inputsOf(engine, "tpp-token-credentials"), {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "tpp-token-venafi", namespace: "team-a" },
      type: "Opaque",
      stringData: { "access-token": "tpp-access" },
    });
    assert.equal(engine.named("tpp-token-issuer").type, ISSUER);
  });

  it("VenafiIssuer: Cloud with the API key stored as a secret", async () => {
    new issuers.VenafiIssuer("vcloud", {
      zone: "app\\template",
      cloud: { apiToken: "cloud-api-key" },
      certManager,
    });
    await checkAll(engine);
    const secret = engine.named("vcloud-credentials");
    assertSecretKeys(secret, ["api-key"]);
    assert.deepEqual(inputsOf(engine, "vcloud-credentials")["stringData"], {
      "api-key": "cloud-api-key",
    });
    assert.deepEqual(inputsOf(engine, "vcloud-issuer"), {
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: { name: "vcloud" },
      spec: {
        venafi: {
          zone: "app\\template",
          cloud: { apiTokenSecretRef: { name: "vcloud-venafi", key: "api-key" } },
        },
      },
    });
    assert.ok(engine.named("vcloud-issuer").dependencies.includes(secret.urn));
  });

  it("IssuerComponent: a team's own issuer kind built on the shared base", async () => {
    // A CA issuer over a Secret the team already has, which tls-edge does not wrap; the base
    // gives it scope, the issuer object, the issuerRef Certificates take, and the shared outputs.
    class ExistingCaIssuer extends issuers.IssuerComponent {
      public readonly supportsWildcards = false;
      public readonly before: string;
      constructor(name: string, args: import("../../components/issuers/index.js").IssuerScopeArgs) {
        super("team:issuers:ExistingCaIssuer", name, args);
        try {
          void this.issuerRef;
          this.before = "readable";
        } catch (e) {
          this.before = (e as Error).message;
        }
        this.createIssuer({ ca: { secretName: `${this.issuerName}-ca` } });
        this.registerOutputs(this.issuerOutputs());
      }
      createAgain(): void {
        this.createIssuer({ selfSigned: {} });
      }
    }
    const step = new ExistingCaIssuer("step", {
      namespace: "team-b",
      issuerName: "step-ca",
      certManager,
    });
    await checkAll(engine);
    assert.equal(step.before, "step: the issuer object is read before it is created");
    assert.throws(() => step.createAgain(), /^Error: step: the issuer object is already created$/);
    assert.deepEqual(inputsOf(engine, "step-issuer"), {
      apiVersion: "cert-manager.io/v1",
      kind: "Issuer",
      metadata: { name: "step-ca", namespace: "team-b" },
      spec: { ca: { secretName: "step-ca-ca" } },
    });
    assert.ok(engine.named("step-issuer").dependencies.includes(releaseUrn));
    assert.equal(engine.named("step-issuer").parent, engine.named("step").urn);
    assert.deepEqual(await new Promise((r) => step.issuerRef.apply(r)), {
      name: "step-ca",
      kind: "Issuer",
      group: "cert-manager.io",
    });
    assert.equal(step.issuerNamespace, "team-b");

    // The base checks the scope itself, before anything is registered, in case a subclass does not.
    await settle();
    const before = engine.resources.length;
    assert.throws(
      () => new ExistingCaIssuer("bad", { namespace: "Team_B" }),
      new Error(
        `ExistingCaIssuerArgs.namespace: "Team_B" is not a valid namespace name; use lower-case letters, digits and '-', at most 63 characters, or omit it for a ClusterIssuer`,
      ),
    );
    await settle();
    assert.equal(engine.resources.length, before);
    assert.equal(
      await new Promise((r) => step.issuerResource.urn.apply(r)),
      engine.named("step-issuer").urn,
    );
  });
});
