import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { useMocks, checkAll, inputsOf, settle } from "../helpers/mocks";
import { isSecretValue } from "../../cli/offline/engine-wire";
import { startPebble, skipWithoutPebble, type Pebble } from "../helpers/pebble";
import { rehearsalDnsProblems } from "../../components/acme/dns/settings";
import { Problems } from "../../components/lib/problems";

type AcmeModules = typeof import("../../components/acme/acme-rehearsal") &
  typeof import("../../components/acme/dns/settings") &
  typeof import("../../components/acme/dns/provider");
/** The resource and the internals the tests reach into, loaded after the mocks. */
async function acmeModules(): Promise<AcmeModules> {
  return {
    ...(await import("../../components/acme/acme-rehearsal.js")),
    ...(await import("../../components/acme/dns/settings.js")),
    ...(await import("../../components/acme/dns/provider.js")),
  };
}

const engine = useMocks();
const MODULE = join(__dirname, "../../components/acme/acme-rehearsal");

/** The problems `rehearsalDnsProblems` finds, as lines. */
function dnsProblems(
  dns: Parameters<typeof rehearsalDnsProblems>[1],
  label: Parameters<typeof rehearsalDnsProblems>[2],
): readonly string[] {
  const p = new Problems();
  rehearsalDnsProblems(p, dns, label);
  return p.lines;
}

describe("AcmeRehearsal under the mock engine", () => {
  let acme: AcmeModules;
  let k8s: typeof import("@pulumi/kubernetes");
  before(async () => {
    acme = await acmeModules();
    k8s = await import("@pulumi/kubernetes");
  });

  it("registers one dynamic resource an issuer can depend on, with the EAB key secret", async () => {
    const rehearsal = new acme.AcmeRehearsal("le-staging", {
      directoryUrl: "https://acme-staging-v02.api.letsencrypt.org/directory",
      domains: ["*.example.com", "example.com"],
      dns: { provider: "route53", hostedZoneId: "Z0EXAMPLE" },
      // Plain here: the component must make the key secret itself.
      externalAccountBinding: { kid: "kid-1", hmacKey: "aGVsbG8" },
    });
    new k8s.apiextensions.CustomResource(
      "le-prod",
      {
        apiVersion: "cert-manager.io/v1",
        kind: "ClusterIssuer",
        metadata: { name: "le-prod" },
        spec: {
          acme: {
            server: "https://acme-v02.api.letsencrypt.org/directory",
            privateKeySecretRef: { name: "le-prod-account" },
            solvers: [{ dns01: { route53: { region: "us-east-1", hostedZoneID: "Z0EXAMPLE" } } }],
          },
        },
      },
      { dependsOn: [rehearsal] },
    );
    await checkAll(engine);
    const recorded = engine.named("le-staging");
    assert.equal(recorded.type, "pulumi-nodejs:dynamic:Resource");
    assert.equal(recorded.custom, true);
    assert.equal(recorded.parent, undefined);
    const inputs = inputsOf(engine, "le-staging");
    assert.equal(typeof inputs.__provider, "string");
    assert.deepEqual(
      {
        directoryUrl: inputs.directoryUrl,
        domains: inputs.domains,
        dns: inputs.dns,
        externalAccountBinding: inputs.externalAccountBinding,
      },
      {
        directoryUrl: "https://acme-staging-v02.api.letsencrypt.org/directory",
        domains: ["*.example.com", "example.com"],
        dns: { provider: "route53", hostedZoneId: "Z0EXAMPLE" },
        externalAccountBinding: { kid: "kid-1", hmacKey: "aGVsbG8" },
      },
    );
    const raw = recorded.inputs.externalAccountBinding;
    assert.ok(isSecretValue(raw) || isSecretValue((raw as Record<string, unknown>).hmacKey));
    assert.ok(engine.named("le-prod").dependencies.includes(recorded.urn));
  });

  it("rejects production and incomplete DNS settings before registering anything", async () => {
    const before = engine.resources.length;
    assert.throws(
      () =>
        new acme.AcmeRehearsal("bad", {
          directoryUrl: "https://acme-v02.api.letsencrypt.org/directory",
          domains: ["app.example.com", "app.example.com", "bad..name"],
          dns: { provider: "cloudflare" },
        }),
      {
        message: [
          "invalid AcmeRehearsal arguments:",
          '  AcmeRehearsalArgs.directoryUrl: "https://acme-v02.api.letsencrypt.org/directory" is a production directory; rehearse against its staging directory https://acme-staging-v02.api.letsencrypt.org/directory or pass allowProduction (--allow-production) to spend production rate limits',
          '  AcmeRehearsalArgs.domains[1]: "app.example.com" is listed twice; list each name once',
          '  AcmeRehearsalArgs.domains[2]: "bad..name" has an invalid label ""; pass a name like "app.example.com" or "*.example.com"',
          "  AcmeRehearsalArgs.dns.zoneId: is required for the cloudflare provider; set it",
        ].join("\n"),
      },
    );
    await settle();
    assert.equal(engine.resources.length, before);
  });

  it("checks zone ids, the management URL and the DNS server as the DNS-01 solvers do", async () => {
    const before = engine.resources.length;
    const staging = "https://acme-staging-v02.api.letsencrypt.org/directory";
    const cases: [import("../../components/acme/acme-rehearsal").AcmeRehearsalDns, string][] = [
      [
        { provider: "cloudflare", zoneId: "zone with spaces" },
        `AcmeRehearsalArgs.dns.zoneId: "zone with spaces" is not a Cloudflare zone id; copy the 32-character hex Zone ID from the zone's Overview page`,
      ],
      [
        { provider: "route53", hostedZoneId: "zone with spaces" },
        'AcmeRehearsalArgs.dns.hostedZoneId: "zone with spaces" is neither a hosted zone id nor a hosted zone ARN; give the id as Route53 shows it (e.g. "Z0123456789ABCDEFGHIJ") or "arn:aws:route53:::hostedzone/<id>"',
      ],
      [
        { provider: "challtestsrv", managementUrl: "not a url" },
        `AcmeRehearsalArgs.dns.managementUrl: "not a url" is not a URL; give pebble-challtestsrv's -management address, e.g. http://127.0.0.1:8055`,
      ],
    ];
    for (const [dns, message] of cases) {
      assert.throws(
        () =>
          new acme.AcmeRehearsal("bad-dns", {
            directoryUrl: staging,
            domains: ["a.example.com"],
            dns,
          }),
        { message: `invalid AcmeRehearsal arguments:\n  ${message}` },
      );
      // Settings known only at apply time are checked there, with the same message.
      await assert.rejects(
        acme.rehearseFromInputs({ directoryUrl: staging, domains: ["a.example.com"], dns }),
        { message: `invalid AcmeRehearsal arguments:\n  ${message}` },
      );
    }
    // Accepted: a bare id, the /hostedzone/ form the AWS CLI prints, and the ARN.
    for (const hostedZoneId of [
      "Z0EXAMPLE",
      "/hostedzone/Z0EXAMPLE",
      "arn:aws:route53:::hostedzone/Z0EXAMPLE",
    ]) {
      assert.deepEqual(
        dnsProblems({ provider: "route53", hostedZoneId }, (f) => f),
        [],
      );
      assert.equal(acme.rehearsalHostedZoneId(hostedZoneId), "Z0EXAMPLE");
    }
    // A provider name that is an Object.prototype key is not a provider.
    assert.deepEqual(
      dnsProblems({ provider: "toString" }, (f) => `dns.${f}`),
      ['dns.provider: "toString" is not supported; use one of route53, cloudflare, challtestsrv'],
    );
    await settle();
    assert.equal(engine.resources.length, before);
  });
});

describe("AcmeRehearsal's provider against Pebble", { skip: skipWithoutPebble() }, () => {
  let pebble: Pebble;
  let acme: AcmeModules;
  before(async () => {
    pebble = await startPebble();
    acme = await acmeModules();
  });
  after(() => pebble?.stop());

  it("create runs the rehearsal; diff replaces on names, directory or DNS changes only", async () => {
    const provider = acme.acmeRehearsalProvider(MODULE);
    const zone = `${randomBytes(4).toString("hex")}.test`;
    const inputs = {
      directoryUrl: pebble.directoryUrl,
      domains: [`*.${zone}`, zone],
      dns: {
        provider: "challtestsrv" as const,
        managementUrl: pebble.challtestsrvUrl,
        dnsServer: pebble.dnsServer,
      },
      caPem: pebble.caPem,
      timeoutSeconds: 60,
    };
    const created = await provider.create!(inputs);
    assert.match(
      created.id,
      new RegExp(
        `^${pebble.directoryUrl.replace(/[./]/g, "\\$&")}#\\*\\.${zone.replace(".", "\\.")},${zone.replace(".", "\\.")}@\\d+$`,
      ),
    );
    const outs =
      created.outs as import("../../components/acme/acme-rehearsal").AcmeRehearsalOutputs;
    assert.deepEqual([...outs.sans].sort(), [`*.${zone}`, zone].sort());
    assert.match(outs.issuer, /^Pebble Intermediate CA/);
    assert.deepEqual(outs.domains, inputs.domains);
    assert.equal(outs.eabFingerprint, undefined);
    assert.deepEqual(await acme.txtValues(pebble.dnsServer, `_acme-challenge.${zone}`), []);

    const diff = (news: object) => provider.diff!(created.id, outs, { ...inputs, ...news });
    assert.deepEqual(await diff({}), { changes: false, replaces: [], deleteBeforeReplace: false });
    assert.deepEqual(await diff({ domains: [zone, `*.${zone}`] }), {
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    assert.deepEqual(await diff({ timeoutSeconds: 10, allowProduction: true }), {
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    assert.deepEqual(await diff({ domains: [zone] }), {
      changes: true,
      replaces: ["domains"],
      deleteBeforeReplace: false,
    });
    assert.deepEqual(
      await diff({
        directoryUrl: "https://acme-staging-v02.api.letsencrypt.org/directory",
        dns: { provider: "route53", hostedZoneId: "Z1" },
      }),
      { changes: true, replaces: ["directoryUrl", "dns"], deleteBeforeReplace: false },
    );
    assert.deepEqual(await diff({ externalAccountBinding: { kid: "k", hmacKey: "aGVsbG8" } }), {
      changes: true,
      replaces: ["externalAccountBinding"],
      deleteBeforeReplace: false,
    });
  });

  it("create fails (so dependents are not created) when the rehearsal fails", async () => {
    const provider = acme.acmeRehearsalProvider(MODULE);
    const zone = `${randomBytes(4).toString("hex")}.test`;
    await assert.rejects(
      provider.create!({
        directoryUrl: pebble.directoryUrl,
        domains: [zone],
        dns: {
          provider: "challtestsrv",
          managementUrl: pebble.challtestsrvUrl,
          dnsServer: "127.0.0.1:9",
        },
        caPem: pebble.caPem,
        // Long enough for account and order on a loaded machine: the DNS wait then ends it.
        timeoutSeconds: 10,
      }),
      {
        // After the time the propagate step really waited, in seconds.
        message: new RegExp(
          `^rehearsal failed at propagate for ${zone.replace(/\./g, "\\.")}: TXT record _acme-challenge\\.${zone.replace(/\./g, "\\.")} not visible on 127\\.0\\.0\\.1:9 after \\d+\\.\\ds, at the deadline \\(last error: queryTxt ECONNREFUSED _acme-challenge\\.${zone.replace(/\./g, "\\.")}\\)$`,
        ),
      },
    );
  });
});
