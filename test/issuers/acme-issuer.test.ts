import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks, checkAll, inputsOf, kubernetesObjects } from "../helpers/mocks";
import { assertSecretKeys } from "./secret-keys";
import { fakeDns01, ROUTE53, CLOUDFLARE } from "./fake-dns01";

const engine = useMocks();

const CLUSTER_ISSUER = "kubernetes:cert-manager.io/v1:ClusterIssuer";
const ISSUER = "kubernetes:cert-manager.io/v1:Issuer";
const LE_PROD = "https://acme-v02.api.letsencrypt.org/directory";
const LE_STAGING = "https://acme-staging-v02.api.letsencrypt.org/directory";

describe("AcmeIssuer", () => {
  let issuers: typeof import("../../components/issuers/index.js");
  let cm: typeof import("../../components/cert-manager.js");
  let k8s: typeof import("@pulumi/kubernetes");
  before(async () => {
    issuers = await import("../../components/issuers/index.js");
    cm = await import("../../components/cert-manager.js");
    k8s = await import("@pulumi/kubernetes");
  });

  it("creates a production ClusterIssuer with DNS-01 by zone, HTTP-01 last, and a staging twin", async () => {
    const certManager = new cm.CertManager("acme-cm");
    const credential = new k8s.core.v1.Secret("route53-credential", {
      metadata: { name: "route53-credential", namespace: "cert-manager" },
    });
    const route53 = fakeDns01(["example.com"], ROUTE53, [credential]);
    const cloudflare = fakeDns01(["example.org", "example.net"], CLOUDFLARE);
    const issuer = new issuers.AcmeIssuer("letsencrypt", {
      environment: "production",
      email: "ops@example.com",
      dns01: [route53, cloudflare],
      http01: { ingressClassName: "traefik" },
      certManager,
    });
    await checkAll(engine);

    const component = engine.named("letsencrypt");
    assert.equal(component.type, "tls-edge:issuers:AcmeIssuer");
    const obj = engine.named("letsencrypt-issuer");
    assert.equal(obj.type, CLUSTER_ISSUER);
    assert.equal(obj.parent, component.urn);
    const solvers = [
      { dns01: ROUTE53, selector: { dnsZones: ["example.com"] } },
      { dns01: CLOUDFLARE, selector: { dnsZones: ["example.org", "example.net"] } },
      { http01: { ingress: { ingressClassName: "traefik" } } },
    ];
    assert.deepEqual(inputsOf(engine, "letsencrypt-issuer"), {
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: { name: "letsencrypt" },
      spec: {
        acme: {
          server: LE_PROD,
          email: "ops@example.com",
          privateKeySecretRef: { name: "letsencrypt-account-key" },
          solvers,
        },
      },
    });
    // Ordered after cert-manager's release (webhook ready) and the DNS-01 credentials.
    const releaseUrn = engine.named("acme-cm-release").urn;
    assert.ok(obj.dependencies.includes(releaseUrn));
    assert.ok(obj.dependencies.includes(engine.named("route53-credential").urn));

    // The staging twin: same solvers, staging directory, own account key, also after cert-manager.
    const twin = engine.named("letsencrypt-staging");
    assert.equal(twin.type, "tls-edge:issuers:AcmeIssuer");
    assert.equal(twin.parent, component.urn);
    const twinObj = engine.named("letsencrypt-staging-issuer");
    assert.equal(twinObj.type, CLUSTER_ISSUER);
    assert.equal(twinObj.parent, twin.urn);
    assert.deepEqual(inputsOf(engine, "letsencrypt-staging-issuer")["spec"], {
      acme: {
        server: LE_STAGING,
        email: "ops@example.com",
        privateKeySecretRef: { name: "letsencrypt-staging-account-key" },
        solvers,
      },
    });
    assert.ok(twinObj.dependencies.includes(releaseUrn));
    assert.equal(
      engine.ofType(CLUSTER_ISSUER).filter((r) => r.name.startsWith("letsencrypt")).length,
      2,
    );

    assert.equal(issuer.issuerName, "letsencrypt");
    assert.equal(issuer.issuerKind, "ClusterIssuer");
    assert.equal(issuer.issuerNamespace, undefined);
    assert.equal(issuer.supportsWildcards, true);
    assert.equal(issuer.stagingTwin?.issuerName, "letsencrypt-staging");
    const ref = await new Promise((r) => issuer.issuerRef.apply(r));
    assert.deepEqual(ref, { name: "letsencrypt", kind: "ClusterIssuer", group: "cert-manager.io" });
    const twinRef = await new Promise((r) => issuer.stagingTwin!.issuerRef.apply(r));
    assert.deepEqual(twinRef, {
      name: "letsencrypt-staging",
      kind: "ClusterIssuer",
      group: "cert-manager.io",
    });
  });

  it("creates a namespaced HTTP-01 staging Issuer without a twin and without wildcards", async () => {
    const issuer = new issuers.AcmeIssuer("team-le", {
      namespace: "team-a",
      issuerName: "le-http",
      environment: "staging",
      privateKeySecretName: "team-a-acme",
      http01: { ingressClassName: "haproxy" },
    });
    await checkAll(engine);
    const obj = engine.named("team-le-issuer");
    assert.equal(obj.type, ISSUER);
    assert.deepEqual(inputsOf(engine, "team-le-issuer"), {
      apiVersion: "cert-manager.io/v1",
      kind: "Issuer",
      metadata: { name: "le-http", namespace: "team-a" },
      spec: {
        acme: {
          server: LE_STAGING,
          privateKeySecretRef: { name: "team-a-acme" },
          solvers: [{ http01: { ingress: { ingressClassName: "haproxy" } } }],
        },
      },
    });
    assert.equal(issuer.supportsWildcards, false);
    assert.equal(issuer.issuerKind, "Issuer");
    assert.equal(issuer.issuerNamespace, "team-a");
    assert.equal(issuer.stagingTwin, undefined);
    assert.deepEqual(
      engine.childrenOf(engine.named("team-le").urn).map((r) => r.name),
      ["team-le-issuer"],
    );
  });

  it("skips the twin with stagingTwin: false and keeps a catch-all DNS-01 solver unselected", async () => {
    const issuer = new issuers.AcmeIssuer("le-solo", {
      environment: "production",
      stagingTwin: false,
      dns01: [fakeDns01([], ROUTE53)],
    });
    await checkAll(engine);
    assert.deepEqual(inputsOf(engine, "le-solo-issuer")["spec"], {
      acme: {
        server: LE_PROD,
        privateKeySecretRef: { name: "le-solo-account-key" },
        solvers: [{ dns01: ROUTE53 }],
      },
    });
    assert.equal(issuer.stagingTwin, undefined);
    assert.equal(engine.resources.filter((r) => r.name === "le-solo-staging").length, 0);
  });

  it("stores the EAB HMAC key as a secret in cert-manager's namespace for a ZeroSSL ClusterIssuer", async () => {
    const certManager = new cm.CertManager("zs-cm", { namespace: "certs", installChart: false });
    const issuer = new issuers.AcmeIssuer("zerossl", {
      server: "https://acme.zerossl.com/v2/DV90",
      externalAccountBinding: { keyId: "kid-123", hmacKey: "c2VjcmV0LWhtYWMta2V5" },
      dns01: [fakeDns01(["example.com"], CLOUDFLARE)],
      profile: "tlsserver",
      certManager,
    });
    await checkAll(engine);
    const secret = engine.named("zerossl-eab");
    assert.equal(secret.type, "kubernetes:core/v1:Secret");
    assert.equal(secret.parent, engine.named("zerossl").urn);
    assertSecretKeys(secret, ["secret"]);
    assert.deepEqual(inputsOf(engine, "zerossl-eab"), {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "zerossl-eab", namespace: "certs" },
      type: "Opaque",
      stringData: { secret: "c2VjcmV0LWhtYWMta2V5" },
    });
    const obj = engine.named("zerossl-issuer");
    assert.deepEqual(inputsOf(engine, "zerossl-issuer")["spec"], {
      acme: {
        server: "https://acme.zerossl.com/v2/DV90",
        privateKeySecretRef: { name: "zerossl-account-key" },
        externalAccountBinding: {
          keyID: "kid-123",
          keySecretRef: { name: "zerossl-eab", key: "secret" },
        },
        profile: "tlsserver",
        solvers: [{ dns01: CLOUDFLARE, selector: { dnsZones: ["example.com"] } }],
      },
    });
    assert.ok(obj.dependencies.includes(secret.urn));
    assert.ok(obj.dependencies.includes(engine.named("zs-cm-namespace").urn));
    assert.ok(secret.dependencies.includes(engine.named("zs-cm-namespace").urn));
    assert.equal(issuer.stagingTwin, undefined, "no twin for a non-Let's Encrypt server");
    assert.equal(
      kubernetesObjects(engine).filter((o) => o.metadata?.name === "zerossl-eab").length,
      1,
    );
  });

  it("puts a namespaced Issuer's EAB Secret next to it", async () => {
    new issuers.AcmeIssuer("google-ns", {
      namespace: "team-b",
      server: "https://dv.acme-v02.api.pki.goog/directory",
      externalAccountBinding: { keyId: "gkid", hmacKey: "aGVsbG8td29ybGQ" },
      http01: { ingressClassName: "traefik" },
    });
    await checkAll(engine);
    assert.deepEqual(inputsOf(engine, "google-ns-eab")["metadata"], {
      name: "google-ns-eab",
      namespace: "team-b",
    });
    assert.equal(engine.named("google-ns-issuer").type, ISSUER);
  });
});
