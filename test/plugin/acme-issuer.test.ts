/**
 * The plugin's AcmeIssuer: DNS-01 solvers named by resource name, HTTP-01 and external account
 * binding as data. It registers what the library issuer registers given the solver objects, also
 * when the engine hands it an object argument as one Output (a secret HMAC key makes the whole
 * binding secret); unknown solver names and bad values are refused before anything is registered.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks, checkAll } from "../helpers/mocks";
import { isSecretValue } from "../../cli/offline/engine-wire";
import { assertRefused, assertTwins } from "./twins";

const engine = useMocks({ preview: false });

const TSIG = "q7SM5PY1xMH7vM+uJ0qkdGx3X8Eqb1rJ9b4cE1n2b6U=";
const HMAC = "c2VjcmV0LWhtYWMta2V5LWZvci1lYWI";
const RFC2136 = {
  dnsZones: ["lab.example.com"],
  nameserver: "192.0.2.53:53",
  tsigKeyName: "acme-update",
  tsigSecret: TSIG,
};
const CLOUDFLARE = { dnsZones: ["example.com"], zoneIds: ["023e105f4ecef8ad9ca31a8372d0c353"] };
const SETTINGS = {
  server: "https://acme.example.com/directory",
  stagingServer: "https://acme.example.com/staging/directory",
  email: "ops@example.com",
  issuerName: "corp-acme",
  privateKeySecretName: "corp-acme-key",
  profile: "tlsserver",
};

type Lib = typeof import("../../components/index.js");
type Plugin = typeof import("../../plugin/index.js");
type Pulumi = typeof import("@pulumi/pulumi");

describe("plugin AcmeIssuer", () => {
  let lib: Lib;
  let plugin: Plugin;
  let pulumi: Pulumi;
  before(async () => {
    lib = await import("../../components/index.js");
    plugin = await import("../../plugin/index.js");
    pulumi = await import("@pulumi/pulumi");
  });

  /** The library issuer with its solver objects, as a TypeScript program writes it. */
  function libraryIssuer(eab: { keyId: string; hmacKey: unknown }) {
    const lab = new lib.Rfc2136Dns01("lab-dns", RFC2136);
    const cf = new lib.CloudflareDns01("cf", CLOUDFLARE);
    new lib.AcmeIssuer("acme", {
      ...SETTINGS,
      externalAccountBinding: eab as { keyId: string; hmacKey: string },
      dns01: [lab, cf],
      http01: { ingressClassName: "traefik" },
    });
  }

  function pluginSolvers(): void {
    new plugin.Rfc2136Dns01("lab-dns", { ...RFC2136, dnsZones: [...RFC2136.dnsZones] });
    new plugin.CloudflareDns01("cf", {
      dnsZones: [...CLOUDFLARE.dnsZones],
      zoneIds: [...CLOUDFLARE.zoneIds],
    });
  }

  it("registers what the library issuer registers, its solvers named", async () => {
    let issuer!: InstanceType<Plugin["AcmeIssuer"]>;
    const kinds = await assertTwins(
      engine,
      () => {
        pluginSolvers();
        issuer = new plugin.AcmeIssuer("acme", {
          ...SETTINGS,
          externalAccountBinding: { keyId: "kid-1", hmacKey: HMAC },
          dns01: ["lab-dns", "cf"],
          http01: { ingressClassName: "traefik" },
        });
      },
      () => libraryIssuer({ keyId: "kid-1", hmacKey: HMAC }),
    );
    assert.ok(kinds.includes("kubernetes:cert-manager.io/v1:ClusterIssuer acme-issuer"));
    assert.ok(kinds.includes("kubernetes:core/v1:Secret acme-eab"));
    await checkAll(engine);
    assert.equal(issuer.issuerName, "corp-acme");
    assert.equal(issuer.issuerKind, "ClusterIssuer");
    assert.equal(issuer.supportsWildcards, true);
    assert.equal(issuer.stagingIssuerName, "corp-acme-staging");
  });

  it("takes apart an object argument the engine hands over as one secret Output", async () => {
    await assertTwins(
      engine,
      () => {
        pluginSolvers();
        new plugin.AcmeIssuer("acme", {
          ...SETTINGS,
          // What the provider gets when hmacKey is a secret: the whole object, secret.
          externalAccountBinding: pulumi.secret({ keyId: "kid-1", hmacKey: HMAC }) as never,
          dns01: ["lab-dns", "cf"],
          // What it gets when the class name comes from another resource.
          http01: pulumi.output({ ingressClassName: "traefik" }) as never,
        });
      },
      () => libraryIssuer({ keyId: "kid-1", hmacKey: pulumi.secret(HMAC) }),
    );
    await checkAll(engine);
    // The key ID is no secret: the issuer's spec stays readable in previews.
    const spec = engine.named("acme-issuer").inputs["spec"];
    assert.ok(!isSecretValue(spec), "the issuer's spec is secret");
  });

  it("refuses DNS-01 solvers it cannot find, all of them, before anything is registered", async () => {
    await assertRefused(
      engine,
      () =>
        new plugin.AcmeIssuer("acme", {
          environment: "staging",
          dns01: ["route53", "cloudflare"],
        }),
      [
        'AcmeIssuerArgs.dns01[0]: no DNS-01 solver named "route53" is created before this component; create the DNS-01 solver earlier in the program under that name and list it in this component\'s dependsOn',
        'AcmeIssuerArgs.dns01[1]: no DNS-01 solver named "cloudflare" is created before this component; create the DNS-01 solver earlier in the program under that name and list it in this component\'s dependsOn',
      ].join("\n"),
    );
  });

  it("refuses the library's problems before anything is registered", async () => {
    await assertRefused(
      engine,
      () =>
        new plugin.AcmeIssuer("acme", {
          environment: "production",
          server: "https://acme.example.com/directory",
          http01: { ingressClassName: "" },
        }),
      [
        "AcmeIssuerArgs.server: is set together with environment; set environment for Let's Encrypt or server for another CA, not both",
        'AcmeIssuerArgs.http01.ingressClassName: is empty; name the IngressClass of the controller that serves port 80, e.g. "traefik"',
      ].join("\n"),
    );
  });
});
