import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks, checkAll, inputsOf, settle } from "../helpers/mocks";
import type { CertificateIssuer, IssuerReference } from "../../components/issuers/issuer-ref";

const engine = useMocks();
type Pulumi = typeof import("@pulumi/pulumi");
type Args = import("../../components/certificates").CertificateArgs;
type Certificates = typeof import("../../components/certificates");
let pulumi: Pulumi;
let Certificate: Certificates["Certificate"];
let validateCertificateArgs: Certificates["validateCertificateArgs"];
let fakeIssuer: (name: string, supportsWildcards: boolean, namespace?: string) => CertificateIssuer;

const CERT = "kubernetes:cert-manager.io/v1:Certificate";
const COMPONENT = "tls-edge:certificates:Certificate";

function valueOf<T>(output: import("@pulumi/pulumi").Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

async function load(): Promise<void> {
  pulumi = await import("@pulumi/pulumi");
  const k8s = await import("@pulumi/kubernetes");
  ({ Certificate, validateCertificateArgs } =
    await import("../../components/certificates/index.js"));
  /** Stands in for the issuer components written elsewhere: a ClusterIssuer behind the interface. */
  class FakeIssuer extends pulumi.ComponentResource implements CertificateIssuer {
    readonly issuerRef: import("@pulumi/pulumi").Output<IssuerReference>;
    readonly issuerName: string;
    readonly issuerKind: "ClusterIssuer" | "Issuer";
    readonly issuerNamespace?: string;
    readonly supportsWildcards: boolean;
    readonly issuerResource: import("@pulumi/pulumi").Resource;
    constructor(name: string, supportsWildcards: boolean, namespace?: string) {
      super("tls-edge:test:FakeIssuer", name, {}, {});
      this.issuerName = name;
      this.issuerKind = namespace ? "Issuer" : "ClusterIssuer";
      if (namespace) this.issuerNamespace = namespace;
      this.supportsWildcards = supportsWildcards;
      this.issuerResource = new k8s.apiextensions.CustomResource(
        `${name}-issuer`,
        {
          apiVersion: "cert-manager.io/v1",
          kind: this.issuerKind,
          metadata: { name, ...(namespace ? { namespace } : {}) },
          spec: { selfSigned: {} },
        },
        { parent: this },
      );
      this.issuerRef = pulumi.output({ name, kind: this.issuerKind, group: "cert-manager.io" });
      this.registerOutputs({});
    }
  }

  fakeIssuer = (name, wildcards, namespace) => new FakeIssuer(name, wildcards, namespace);
}

const ref = { name: "letsencrypt-prod", kind: "ClusterIssuer" } as const;
const base = (over: Partial<Args> = {}): Args => ({
  dnsNames: ["shop.example.com"],
  secretName: "shop-tls",
  namespace: "shop",
  issuer: ref,
  ...over,
});

const defaultSpec = {
  secretName: "shop-tls",
  issuerRef: { name: "letsencrypt-prod", kind: "ClusterIssuer", group: "cert-manager.io" },
  dnsNames: ["shop.example.com"],
  duration: "2160h",
  renewBefore: "720h",
  privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
  revisionHistoryLimit: 3,
};

function specOf(name: string): unknown {
  return (inputsOf(engine, `${name}-certificate`) as { spec: unknown }).spec;
}

describe("Certificate", () => {
  let httpIssuer: CertificateIssuer;
  let dnsIssuer: CertificateIssuer;
  before(async () => {
    await load();
    httpIssuer = fakeIssuer("le-http", false);
    dnsIssuer = fakeIssuer("le-dns", true);
  });

  it("emits a Certificate with the defaults, parented to the component", async () => {
    const cert = new Certificate("shop", base());
    await settle();
    const component = engine.named("shop");
    assert.equal(component.type, COMPONENT);
    const cr = engine.named("shop-certificate");
    assert.equal(cr.type, CERT);
    assert.equal(cr.parent, component.urn);
    assert.deepEqual(
      engine.childrenOf(component.urn).map((r) => r.name),
      ["shop-certificate"],
    );
    assert.deepEqual(inputsOf(engine, "shop-certificate"), {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: "shop-tls", namespace: "shop" },
      spec: defaultSpec,
    });
    assert.equal(await valueOf(cert.secretName), "shop-tls");
    assert.equal(await valueOf(cert.certificateName), "shop-tls");
    assert.deepEqual(await valueOf(cert.dnsNames), ["shop.example.com"]);
    await checkAll(engine);
  });

  it("takes an issuer component: its issuerRef, and waits for its resource", async () => {
    new Certificate(
      "wild",
      base({
        issuer: dnsIssuer,
        dnsNames: ["*.example.com", "example.com"],
        secretName: "wild-tls",
      }),
    );
    await settle();
    const cr = engine.named("wild-certificate");
    assert.deepEqual(specOf("wild"), {
      ...defaultSpec,
      secretName: "wild-tls",
      issuerRef: { name: "le-dns", kind: "ClusterIssuer", group: "cert-manager.io" },
      dnsNames: ["*.example.com", "example.com"],
    });
    assert.ok(cr.dependencies.includes(engine.named("le-dns-issuer").urn), "depends on the issuer");
    const plain = engine.named("shop-certificate");
    assert.ok(!plain.dependencies.includes(engine.named("le-dns-issuer").urn));
    await checkAll(engine);
  });

  it("allows a wildcard with a { name, kind } reference, whose solvers it cannot see", async () => {
    new Certificate("refwild", base({ dnsNames: ["*.example.org"], secretName: "refwild-tls" }));
    await settle();
    assert.deepEqual((specOf("refwild") as { dnsNames: string[] }).dnsNames, ["*.example.org"]);
    await checkAll(engine);
  });

  it("maps every option onto the spec", async () => {
    new Certificate(
      "api",
      base({
        dnsNames: ["api.example.com", "www.api.example.com"],
        secretName: "api-tls",
        certificateName: "api",
        issuer: { name: "team-ca", kind: "Issuer", group: "cert-manager.io" },
        commonName: "api.example.com",
        duration: "8760h",
        privateKey: { algorithm: "RSA", size: 4096, encoding: "PKCS8" },
        secretTemplate: { labels: { team: "api" }, annotations: { "example.com/owner": "api" } },
        usages: ["server auth", "client auth"],
        revisionHistoryLimit: 1,
      }),
    );
    await settle();
    assert.deepEqual(inputsOf(engine, "api-certificate"), {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: "api", namespace: "shop" },
      spec: {
        secretName: "api-tls",
        issuerRef: { name: "team-ca", kind: "Issuer", group: "cert-manager.io" },
        dnsNames: ["api.example.com", "www.api.example.com"],
        commonName: "api.example.com",
        duration: "8760h",
        renewBefore: "720h",
        privateKey: { algorithm: "RSA", size: 4096, encoding: "PKCS8", rotationPolicy: "Always" },
        secretTemplate: { labels: { team: "api" }, annotations: { "example.com/owner": "api" } },
        usages: ["server auth", "client auth"],
        revisionHistoryLimit: 1,
      },
    });
    await checkAll(engine);
  });

  it("defaults RSA to 2048, leaves Ed25519 unsized, and honours renewal choices", async () => {
    new Certificate(
      "rsa",
      base({ secretName: "rsa-tls", privateKey: { algorithm: "RSA" }, renewBefore: "1h30m" }),
    );
    new Certificate(
      "ed",
      base({
        secretName: "ed-tls",
        privateKey: { algorithm: "Ed25519" },
        renewBeforePercentage: 25,
      }),
    );
    new Certificate("short", base({ secretName: "short-tls", duration: "24h" }));
    new Certificate("odd", base({ secretName: "odd-tls", duration: "100h" }));
    await settle();
    assert.deepEqual(specOf("rsa"), {
      ...defaultSpec,
      secretName: "rsa-tls",
      renewBefore: "1h30m",
      privateKey: { algorithm: "RSA", size: 2048, rotationPolicy: "Always" },
    });
    const { renewBefore: _drop, ...withoutRenewBefore } = defaultSpec;
    assert.deepEqual(specOf("ed"), {
      ...withoutRenewBefore,
      secretName: "ed-tls",
      renewBeforePercentage: 25,
      privateKey: { algorithm: "Ed25519", rotationPolicy: "Always" },
    });
    assert.deepEqual(specOf("short"), {
      ...defaultSpec,
      secretName: "short-tls",
      duration: "24h",
      renewBefore: "8h",
    });
    assert.deepEqual(specOf("odd"), {
      ...defaultSpec,
      secretName: "odd-tls",
      duration: "100h",
      renewBefore: "33h20m",
    });
    await checkAll(engine);
  });

  it("accepts Outputs it cannot check at construction", async () => {
    new Certificate(
      "late",
      base({
        dnsNames: pulumi.output(["late.example.com"]),
        secretName: pulumi.output("late-tls"),
        duration: pulumi.output("4320h"),
      }),
    );
    await settle();
    assert.deepEqual(specOf("late"), {
      ...defaultSpec,
      secretName: "late-tls",
      dnsNames: ["late.example.com"],
      duration: "4320h",
    });
    await checkAll(engine);
  });

  describe("rejects bad input with one error and registers nothing", () => {
    const cases: [string, Partial<Args> | (() => Partial<Args>), string[]][] = [
      [
        "an empty name list",
        { dnsNames: [] },
        [
          "CertificateArgs.dnsNames: the list is empty; name at least one host the certificate is for",
        ],
      ],
      [
        "more than 100 names",
        { dnsNames: Array.from({ length: 101 }, (_, i) => `h${i}.example.com`) },
        [
          "CertificateArgs.dnsNames: 101 names, more than the 100 a certificate can carry; split them across several Certificates",
        ],
      ],
      [
        "invalid and duplicate names",
        { dnsNames: ["a.example.com", "Bad_Name.example.com", "a.example.com", "*.*.example.com"] },
        [
          `CertificateArgs.dnsNames[1]: "Bad_Name.example.com" is not a valid DNS name; use lower-case labels of letters, digits and hyphens (at most 63 characters, no hyphen at either end), with "*." only as the first label`,
          `CertificateArgs.dnsNames[2]: "a.example.com" repeats dnsNames[0]; list each name once`,
          `CertificateArgs.dnsNames[3]: "*.*.example.com" is not a valid DNS name; use lower-case labels of letters, digits and hyphens (at most 63 characters, no hyphen at either end), with "*." only as the first label`,
        ],
      ],
      [
        "a wildcard with an issuer that cannot issue it",
        () => ({
          issuer: fakeIssuer("le-http2", false),
          dnsNames: ["example.com", "*.example.com"],
        }),
        [
          `CertificateArgs.dnsNames[1]: "*.example.com" is a wildcard but the issuer "le-http2" has no DNS-01 solver; add a Route53Dns01 or CloudflareDns01 solver or drop the wildcard`,
        ],
      ],
      [
        "a namespaced Issuer of another namespace",
        () => ({ issuer: fakeIssuer("team", true, "team-a") }),
        [
          `CertificateArgs.issuer: the Issuer "team" serves namespace "team-a" only but the Certificate is in "shop"; create the Certificate in "team-a" or use a ClusterIssuer`,
        ],
      ],
      [
        "a bad issuer reference",
        { issuer: { name: "", kind: "Cluster" as never } },
        [
          "CertificateArgs.issuer.name: empty; name the Issuer or ClusterIssuer to use",
          `CertificateArgs.issuer.kind: "Cluster" is not an issuer kind; use "ClusterIssuer" or "Issuer"`,
        ],
      ],
      [
        "bad Kubernetes names",
        { secretName: "Shop_TLS", namespace: "Shop" },
        [
          `CertificateArgs.secretName: "Shop_TLS" is not a valid Kubernetes name; use lower-case letters, digits, "-" and "." (at most 253 characters)`,
          `CertificateArgs.namespace: "Shop" is not a valid namespace name; use lower-case letters, digits and "-" (at most 63 characters)`,
        ],
      ],
      [
        "a duration in days",
        { duration: "90d", renewBefore: "30d" },
        [
          `CertificateArgs.duration: "90d" is not a Go duration; write hours and minutes, e.g. "2160h" for 90 days`,
          `CertificateArgs.renewBefore: "30d" is not a Go duration; write hours and minutes, e.g. "720h" for 30 days`,
        ],
      ],
      [
        "renewBefore not shorter than the duration",
        { duration: "720h", renewBefore: "720h" },
        [
          `CertificateArgs.renewBefore: "720h" is not shorter than the duration "720h"; renew before the certificate ends, e.g. a third of its lifetime`,
        ],
      ],
      [
        "durations under cert-manager's minimums",
        { duration: "30m", renewBefore: "1m" },
        [
          `CertificateArgs.duration: "30m" is shorter than cert-manager's minimum of 1h; ask for at least "1h"`,
          `CertificateArgs.renewBefore: "1m" is under cert-manager's minimum of 5m; renew at least "5m" before expiry`,
        ],
      ],
      [
        "both renewal settings, one out of range",
        { renewBefore: "720h", renewBeforePercentage: 100 },
        [
          "CertificateArgs.renewBeforePercentage: set together with renewBefore; keep only one of them",
          "CertificateArgs.renewBeforePercentage: 100 is not a whole number from 1 to 99; e.g. 33 renews when a third of the lifetime is left",
        ],
      ],
      [
        "unsupported key sizes",
        { privateKey: { algorithm: "RSA", size: 1024 } },
        [
          "CertificateArgs.privateKey.size: 1024 is not a key size tls-edge issues for RSA; use 2048, 3072 or 4096",
        ],
      ],
      [
        "an ECDSA size public CAs do not issue",
        { privateKey: { size: 521 } },
        [
          "CertificateArgs.privateKey.size: 521 is not a key size tls-edge issues for ECDSA; use 256 or 384",
        ],
      ],
      [
        "a sized Ed25519 key and a bad encoding",
        { privateKey: { algorithm: "Ed25519", size: 256, encoding: "DER" as never } },
        [
          "CertificateArgs.privateKey.size: Ed25519 keys have a fixed size; drop size",
          `CertificateArgs.privateKey.encoding: "DER" is not supported; use "PKCS1" or "PKCS8"`,
        ],
      ],
      [
        "an unknown algorithm",
        { privateKey: { algorithm: "DSA" as never } },
        [
          `CertificateArgs.privateKey.algorithm: "DSA" is not supported; use "ECDSA", "RSA" or "Ed25519"`,
        ],
      ],
      [
        "unknown usages, a zero history, reserved annotations",
        {
          usages: ["server auth", "server" as never],
          revisionHistoryLimit: 0,
          secretTemplate: { annotations: { "cert-manager.io/issuer-name": "x" } },
        },
        [
          `CertificateArgs.usages[1]: "server" is not a cert-manager key usage; use one of KeyUsage, e.g. "server auth", "client auth", "digital signature"`,
          "CertificateArgs.revisionHistoryLimit: 0 is not a whole number of at least 1; keep at least 1 CertificateRequest",
          `CertificateArgs.secretTemplate.annotations["cert-manager.io/issuer-name"]: cert-manager.io/ annotations are reserved for cert-manager; use another prefix`,
        ],
      ],
      [
        "a common name outside dnsNames",
        { commonName: "other.example.com" },
        [
          `CertificateArgs.commonName: "other.example.com" is not one of dnsNames; add it to dnsNames or drop commonName`,
        ],
      ],
      [
        "a common name over 64 characters",
        { commonName: `${"a".repeat(60)}.example.com` },
        [
          "CertificateArgs.commonName: 72 characters, over the 64 X.509 allows; drop commonName, dnsNames are enough",
        ],
      ],
    ];
    for (const [title, over, problems] of cases) {
      it(title, async () => {
        const overrides = typeof over === "function" ? over() : over;
        await settle();
        const before = engine.resources.length;
        const args = base(overrides);
        const expected = `invalid Certificate arguments:\n  ${problems.join("\n  ")}`;
        assert.throws(() => validateCertificateArgs(args), { message: expected });
        assert.throws(() => new Certificate("bad", args), { message: expected });
        await settle();
        assert.equal(engine.resources.length, before);
        assert.equal(engine.ofType(COMPONENT).filter((r) => r.name === "bad").length, 0);
        await checkAll(engine);
      });
    }
  });

  it("still rejects a wildcard for the HTTP-01 issuer made before", () => {
    assert.throws(
      () => new Certificate("bad2", base({ issuer: httpIssuer, dnsNames: ["*.example.com"] })),
      {
        message: `invalid Certificate arguments:\n  CertificateArgs.dnsNames[0]: "*.example.com" is a wildcard but the issuer "le-http" has no DNS-01 solver; add a Route53Dns01 or CloudflareDns01 solver or drop the wildcard`,
      },
    );
  });
});
