/**
 * Other languages name the CertManager an issuer or DNS-01 solver belongs to (`certManager: cm`)
 * where TypeScript passes the object: the plugin's build then registers what the library's does
 * with the object, so a cert-manager installed outside "cert-manager" gets its Secrets in its own
 * namespace. And the names an AcmeIssuer's `dns01` looks up must be unambiguous.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { settle, useMocks } from "../helpers/mocks";
import { assertRefused, assertTwins, registered } from "./twins";

const engine = useMocks({ preview: false });

type Lib = typeof import("../../components/index.js");
type Plugin = typeof import("../../plugin/index.js");

const CERT_MANAGER = { namespace: "certs", installChart: false } as const;
const RFC2136 = {
  dnsZones: ["lab.example.com"],
  nameserver: "192.0.2.53:53",
  tsigKeyName: "acme-update",
  tsigAlgorithm: "HMACSHA256",
  tsigSecret: "q7SM5PY1xMH7vM+uJ0qkdGx3X8Eqb1rJ9b4cE1n2b6U=",
} as const;
const ACME = { server: "https://acme.example.com/directory" };

describe("plugin components name their CertManager", () => {
  let lib: Lib;
  let plugin: Plugin;
  before(async () => {
    lib = await import("../../components/index.js");
    plugin = await import("../../plugin/index.js");
  });

  it("issuers and DNS-01 solvers given a CertManager's name register what the library does with it", async () => {
    const fromPlugin = () => {
      new plugin.CertManager("cm", CERT_MANAGER);
      new plugin.InternalCa("corp-ca", { issuerName: "corp-ca", certManager: "cm" });
      new plugin.Rfc2136Dns01("lab-dns", {
        ...RFC2136,
        dnsZones: [...RFC2136.dnsZones],
        certManager: "cm",
      });
      new plugin.AcmeIssuer("lab", { ...ACME, dns01: ["lab-dns"], certManager: "cm" });
    };
    const kinds = await assertTwins(engine, fromPlugin, () => {
      const certManager = new lib.CertManager("cm", CERT_MANAGER);
      new lib.InternalCa("corp-ca", { issuerName: "corp-ca", certManager });
      const dns = new lib.Rfc2136Dns01("lab-dns", { ...RFC2136, certManager });
      new lib.AcmeIssuer("lab", { ...ACME, dns01: [dns], certManager });
    });
    assert.ok(kinds.includes("kubernetes:core/v1:Secret corp-ca-secret"), kinds.join("\n"));
    // The Secrets of ClusterIssuers go to the named install's cluster resource namespace.
    const built = await registered(engine, fromPlugin);
    for (const key of [
      "kubernetes:core/v1:Secret corp-ca-secret",
      "kubernetes:core/v1:Secret lab-dns-credentials",
    ]) {
      const inputs = built.get(key)?.inputs as { metadata?: { namespace?: string } } | undefined;
      assert.equal(inputs?.metadata?.namespace, "certs", key);
    }
  });

  it("refuses a CertManager name no CertManager of the program has, before registering anything", async () => {
    await assertRefused(
      engine,
      () => new plugin.InternalCa("lost-ca", { issuerName: "lost-ca", certManager: "nowhere" }),
      'InternalCaArgs.certManager: no CertManager named "nowhere" is created before this component; ' +
        "create the CertManager earlier in the program under that name and list it in this " +
        "component's dependsOn",
    );
  });

  it("refuses two DNS-01 solvers of different types under one name, which dns01 could not tell apart", async () => {
    new plugin.Rfc2136Dns01("shared", { ...RFC2136, dnsZones: [...RFC2136.dnsZones] });
    await settle();
    await assertRefused(
      engine,
      () =>
        new plugin.CloudflareDns01("shared", {
          dnsZones: ["example.com"],
          scope: "zones",
          zoneIds: ["0123456789abcdef0123456789abcdef"],
        }),
      'CloudflareDns01 "shared": a Rfc2136Dns01 of this program has the same name, and an ' +
        "AcmeIssuer's dns01 names a solver by its name alone; give each DNS-01 solver a name of " +
        "its own",
    );
  });
});
