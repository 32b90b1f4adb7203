import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { startPebble, skipWithoutPebble, type Pebble } from "../helpers/pebble";
import {
  ChalltestsrvDns,
  RehearsalError,
  RehearsalUsageError,
  rehearse,
  type DnsProvider,
  type RecordHandle,
  type RehearsalEvent,
} from "../../components/acme";
import { txtValues } from "../../components/acme/dns/provider";

const zone = () => `${randomBytes(4).toString("hex")}.test`;

/** A provider that records every call made to it, around a real one. */
class Spy implements DnsProvider {
  readonly name = "spy";
  readonly calls: string[] = [];
  constructor(
    private readonly inner: DnsProvider,
    private readonly faults: {
      publish?: (fqdn: string) => boolean;
      remove?: boolean;
      value?: string;
    } = {},
  ) {}
  async publish(fqdn: string, value: string): Promise<RecordHandle> {
    this.calls.push(`publish ${fqdn}`);
    if (this.faults.publish?.(fqdn)) throw new Error("HTTP 403: not allowed on this zone");
    return this.inner.publish(fqdn, this.faults.value ?? value);
  }
  async remove(handle: RecordHandle): Promise<void> {
    this.calls.push(`remove ${handle.fqdn}`);
    if (this.faults.remove) throw new Error("HTTP 500: try again later");
    return this.inner.remove(handle);
  }
  waitVisible(fqdn: string, value: string, deadline: number): Promise<void> {
    return this.inner.waitVisible(fqdn, this.faults.value ?? value, deadline);
  }
}

describe("ACME rehearsal against Pebble", { skip: skipWithoutPebble() }, () => {
  let pebble: Pebble;
  let dns: ChalltestsrvDns;
  before(async () => {
    pebble = await startPebble();
    dns = new ChalltestsrvDns({
      managementUrl: pebble.challtestsrvUrl,
      dnsServer: pebble.dnsServer,
    });
  });
  after(() => pebble?.stop());

  const ownDns = () =>
    new ChalltestsrvDns({ managementUrl: pebble.challtestsrvUrl, dnsServer: pebble.dnsServer });
  const base = () => ({
    directoryUrl: pebble.directoryUrl,
    caPem: pebble.caPem,
    timeoutMs: 60_000,
  });
  const leftovers = async (names: string[]) =>
    (
      await Promise.all(
        names.map(
          async (n) =>
            (await txtValues(pebble.dnsServer, `_acme-challenge.${n.replace(/^\*\./, "")}`)).length,
        ),
      )
    ).reduce((a, b) => a + b, 0);

  it("issues a certificate for one name and reports every step", async () => {
    const name = `www.${zone()}`;
    const events: RehearsalEvent[] = [];
    const spy = new Spy(dns);
    const result = await rehearse({
      ...base(),
      domains: [name],
      dns: spy,
      onEvent: (e) => events.push(e),
    });
    assert.deepEqual(result.domains, [name]);
    assert.equal(result.directoryUrl, pebble.directoryUrl);
    assert.deepEqual(result.certificate.sans, [name]);
    assert.match(result.certificate.issuer, /^Pebble Intermediate CA/);
    assert.equal(result.certificate.chainLength, 2);
    assert.ok(Date.parse(result.certificate.notAfter) > Date.now());
    assert.deepEqual(
      events.map((e) => [e.step, e.domain ?? null, e.status]),
      [
        ["account", null, "ok"],
        ["order", null, "ok"],
        ["publish", name, "ok"],
        ["propagate", name, "ok"],
        ["validate", name, "ok"],
        ["finalize", null, "ok"],
        ["download", null, "ok"],
        ["verify", null, "ok"],
        ["cleanup", name, "ok"],
      ],
    );
    assert.ok(events.every((e) => e.ms >= 0));
    assert.deepEqual(spy.calls, [
      `publish _acme-challenge.${name}`,
      `remove _acme-challenge.${name}`,
    ]);
    assert.equal(await leftovers([name]), 0);
  });

  it("issues one certificate covering several names", async () => {
    const z = zone();
    const names = [`a.${z}`, `b.${z}`, `c.d.${z}`];
    const result = await rehearse({ ...base(), domains: names, dns });
    assert.deepEqual([...result.certificate.sans].sort(), [...names].sort());
    assert.equal(await leftovers(names), 0);
  });

  it("issues a wildcard with its apex (two values on one TXT name)", async () => {
    const z = zone();
    const events: RehearsalEvent[] = [];
    const result = await rehearse({
      ...base(),
      domains: [`*.${z}`, z],
      dns,
      onEvent: (e) => events.push(e),
    });
    assert.deepEqual([...result.certificate.sans].sort(), [`*.${z}`, z].sort());
    assert.deepEqual(
      events
        .filter((e) => e.step === "publish")
        .map((e) => e.domain)
        .sort(),
      [`*.${z}`, z].sort(),
    );
    assert.equal(await leftovers([z]), 0);
  });

  it("names the domain when the DNS provider fails, and removes what it had published", async () => {
    const z = zone();
    const spy = new Spy(dns, { publish: (fqdn) => fqdn.startsWith("_acme-challenge.b.") });
    await assert.rejects(
      rehearse({ ...base(), domains: [`a.${z}`, `b.${z}`], dns: spy }),
      (err: unknown) => {
        assert.ok(err instanceof RehearsalError);
        assert.equal(
          err.message,
          `rehearsal failed at publish for b.${z}: HTTP 403: not allowed on this zone`,
        );
        assert.equal(err.step, "publish");
        assert.equal(err.domain, `b.${z}`);
        return true;
      },
    );
    assert.deepEqual(spy.calls, [
      `publish _acme-challenge.a.${z}`,
      `publish _acme-challenge.b.${z}`,
      `remove _acme-challenge.a.${z}`,
    ]);
    assert.equal(await leftovers([`a.${z}`, `b.${z}`]), 0);
  });

  it("fails validation on a wrong TXT value, naming the domain, and cleans up", async () => {
    const name = `bad.${zone()}`;
    await assert.rejects(
      rehearse({
        ...base(),
        domains: [name],
        dns: new Spy(dns, { value: "not-the-key-authorization" }),
      }),
      (err: unknown) => {
        assert.ok(err instanceof RehearsalError);
        assert.equal(err.step, "validate");
        assert.equal(err.domain, name);
        assert.match(
          err.message,
          new RegExp(
            `^rehearsal failed at validate for ${name.replace(/\./g, "\\.")}: .*Correct value not found`,
          ),
        );
        return true;
      },
    );
    assert.equal(await leftovers([name]), 0);
  });

  it("reports a record it could not remove instead of swallowing it", async () => {
    const name = `stuck.${zone()}`;
    await assert.rejects(
      rehearse({ ...base(), domains: [name], dns: new Spy(ownDns(), { remove: true }) }),
      (err: unknown) => {
        assert.ok(err instanceof RehearsalError);
        assert.equal(err.step, "cleanup");
        assert.deepEqual(err.cleanupErrors, [
          `_acme-challenge.${name} (${name}) was not removed: HTTP 500: try again later`,
        ]);
        return true;
      },
    );
    // The record really is still there: the leftovers check sees it.
    assert.equal(await leftovers([name]), 1);
    await fetch(`${pebble.challtestsrvUrl}/clear-txt`, {
      method: "POST",
      body: JSON.stringify({ host: `_acme-challenge.${name}.` }),
    });
    assert.equal(await leftovers([name]), 0);
  });

  it("times out naming the step and domain, and still removes its records", async () => {
    const name = `slow.${zone()}`;
    const never: DnsProvider = {
      name: "never-visible",
      publish: (f, v) => dns.publish(f, v),
      remove: (h) => dns.remove(h),
      waitVisible: () => new Promise(() => {}),
    };
    // Long enough for account and order on a loaded machine, so the hang is in propagate.
    await assert.rejects(rehearse({ ...base(), timeoutMs: 8000, domains: [name], dns: never }), {
      message: `rehearsal failed at propagate for ${name}: timed out after 8s and 5s more: the propagate step did not stop at the deadline`,
    });
    assert.equal(await leftovers([name]), 0);
  });

  it("refuses Let's Encrypt production before touching DNS", async () => {
    const spy = new Spy(dns);
    await assert.rejects(
      rehearse({
        directoryUrl: "https://acme-v02.api.letsencrypt.org/directory",
        domains: ["www.example.com"],
        dns: spy,
      }),
      (err: unknown) => {
        assert.ok(err instanceof RehearsalUsageError);
        assert.equal(
          err.message,
          'invalid rehearsal options:\n  RehearsalOptions.directoryUrl: "https://acme-v02.api.letsencrypt.org/directory" is a production directory; rehearse against its staging directory https://acme-staging-v02.api.letsencrypt.org/directory or pass allowProduction (--allow-production) to spend production rate limits',
        );
        return true;
      },
    );
    assert.deepEqual(spy.calls, []);
  });
});

describe("ACME rehearsal with external account binding", { skip: skipWithoutPebble() }, () => {
  const hmacKey = "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W";
  let pebble: Pebble;
  before(async () => {
    pebble = await startPebble({ eabKeys: { "kid-1": hmacKey } });
  });
  after(() => pebble?.stop());

  it("registers with the binding and issues", async () => {
    const dns = new ChalltestsrvDns({
      managementUrl: pebble.challtestsrvUrl,
      dnsServer: pebble.dnsServer,
    });
    const name = `eab.${zone()}`;
    const result = await rehearse({
      directoryUrl: pebble.directoryUrl,
      caPem: pebble.caPem,
      domains: [name],
      dns,
      externalAccountBinding: { kid: "kid-1", hmacKey },
    });
    assert.deepEqual(result.certificate.sans, [name]);
  });

  it("fails at the account step without the binding, before any DNS change", async () => {
    const spy = new Spy(
      new ChalltestsrvDns({ managementUrl: pebble.challtestsrvUrl, dnsServer: pebble.dnsServer }),
    );
    await assert.rejects(
      rehearse({
        directoryUrl: pebble.directoryUrl,
        caPem: pebble.caPem,
        domains: [`x.${zone()}`],
        dns: spy,
      }),
      (err: unknown) => {
        assert.ok(err instanceof RehearsalError);
        assert.equal(err.step, "account");
        assert.equal(err.domain, undefined);
        assert.equal(
          err.message,
          "rehearsal failed at account: ACME server policy requires newAccount requests must include a value for the 'externalAccountBinding' field",
        );
        return true;
      },
    );
    assert.deepEqual(spy.calls, []);
  });
});

describe(
  "ACME rehearsal when Pebble rejects half the nonces",
  { skip: skipWithoutPebble() },
  () => {
    let pebble: Pebble;
    before(async () => {
      pebble = await startPebble({ env: { PEBBLE_WFE_NONCEREJECT: "50" } });
    });
    after(() => pebble?.stop());

    it("still issues (bad nonces are retried)", async () => {
      const dns = new ChalltestsrvDns({
        managementUrl: pebble.challtestsrvUrl,
        dnsServer: pebble.dnsServer,
      });
      const z = zone();
      for (const names of [
        [`n1.${z}`, `n2.${z}`],
        [`*.${z}`, z],
      ]) {
        const result = await rehearse({
          directoryUrl: pebble.directoryUrl,
          caPem: pebble.caPem,
          domains: names,
          dns,
        });
        assert.deepEqual([...result.certificate.sans].sort(), [...names].sort());
      }
      assert.match(pebble.logs(), /nonce/i);
    });
  },
);
