/**
 * The plugin's Rfc2136Dns01: registers what the library component registers given the same
 * arguments, keeps the TSIG secret secret (in the Secret and the output) even when it is given
 * plain, and refuses bad input before anything is registered.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks, checkAll } from "../helpers/mocks";
import { assertSecretOutputs } from "../helpers/secrets";
import { assertRefused, assertTwins } from "./twins";

const engine = useMocks({ preview: false });

// As `tsig-keygen -a hmac-sha256` prints one.
const SECRET = "q7SM5PY1xMH7vM+uJ0qkdGx3X8Eqb1rJ9b4cE1n2b6U=";
const ARGS = {
  dnsZones: ["lab.example.com", "corp.example"],
  nameserver: "[2001:db8::53]:53",
  tsigKeyName: "acme-update",
  tsigAlgorithm: "HMACSHA256",
  tsigSecret: SECRET,
  protocol: "TCP",
  namespace: "apps",
  secretName: "lab-tsig",
} as const;
const ISSUER = { server: "https://acme.example.com/directory", namespace: "apps" };

type Lib = typeof import("../../components/index.js");
type Plugin = typeof import("../../plugin/index.js");

describe("plugin Rfc2136Dns01", () => {
  let lib: Lib;
  let plugin: Plugin;
  before(async () => {
    lib = await import("../../components/index.js");
    plugin = await import("../../plugin/index.js");
  });

  it("registers what the library component registers, with the secret kept secret", async () => {
    // Each with an issuer using it, so the solver block it hands over is compared too.
    let dns!: InstanceType<Plugin["Rfc2136Dns01"]>;
    const kinds = await assertTwins(
      engine,
      () => {
        dns = new plugin.Rfc2136Dns01("lab-dns", { ...ARGS, dnsZones: [...ARGS.dnsZones] });
        new plugin.AcmeIssuer("lab", { ...ISSUER, dns01: ["lab-dns"] });
      },
      () => {
        const dns = new lib.Rfc2136Dns01("lab-dns", { ...ARGS, dnsZones: [...ARGS.dnsZones] });
        new lib.AcmeIssuer("lab", { ...ISSUER, dns01: [dns] });
      },
    );
    assert.deepEqual(kinds, [
      "kubernetes:cert-manager.io/v1:Issuer lab-issuer",
      "kubernetes:core/v1:Secret lab-dns-credentials",
      "tls-edge:dns01:Rfc2136Dns01 lab-dns",
      "tls-edge:issuers:AcmeIssuer lab",
    ]);
    await checkAll(engine);
    await assertSecretOutputs(dns, ["tsigSecret"]);
    assert.deepEqual(dns.dnsZones, ["lab.example.com", "corp.example"]);
    assert.equal(dns.credentialsSecretName, "lab-tsig");
    assert.equal(dns.tsigAlgorithm, "HMACSHA256");
    const urns = await new Promise<string[]>((resolve) => dns.readyResourceUrns.apply(resolve));
    assert.equal(urns.length, 1);
    assert.match(urns[0]!, /kubernetes:core\/v1:Secret::lab-dns-credentials$/);
  });

  it("refuses bad input with every problem named, before anything is registered", async () => {
    await assertRefused(
      engine,
      () =>
        new plugin.Rfc2136Dns01("bad-dns", {
          ...ARGS,
          dnsZones: [],
          nameserver: "dns.example.com:99999",
          tsigSecret: "not base64!",
        }),
      [
        'Rfc2136Dns01Args.dnsZones: no zone given; list the DNS zones these credentials answer for, e.g. ["example.com"]',
        'Rfc2136Dns01Args.nameserver: "dns.example.com:99999" has a port that is not a number from 1 to 65535; give host:port, IP:port or [IPv6]:port, e.g. "192.0.2.53:53" or "[2001:db8::53]:53"',
        'Rfc2136Dns01Args.tsigSecret: is not base64 (the value is not shown); give the key\'s secret exactly as tsig-keygen prints it (secret "..."), padding included',
      ].join("\n"),
    );
  });
});
