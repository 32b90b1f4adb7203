/**
 * The real DNS path the lab stack's RFC 2136 solver takes: BIND 9 takes TSIG-signed updates of
 * the lab zone and refuses unsigned or wrongly signed ones, and Pebble, resolving through that
 * BIND, validates a DNS-01 challenge exactly when the TXT record is there.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { Resolver } from "node:dns/promises";
import { nsupdate, skipWithoutBind, startDnsServer, type DnsServer } from "../helpers/dns-server";
import { skipWithoutPebble, startPebble, type Pebble } from "../helpers/pebble";
import { trustDirectoryCa } from "../../components/acme/trust";

type Acme = typeof import("acme-client");

async function txt(server: DnsServer, name: string): Promise<string[][]> {
  const resolver = new Resolver({ timeout: 1000, tries: 2 });
  resolver.setServers([server.address]);
  return resolver.resolveTxt(name).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOTFOUND" || err.code === "ENODATA") return [];
    throw err;
  });
}

describe("BIND 9 with a TSIG key", { skip: skipWithoutBind() }, () => {
  let bind: DnsServer;
  before(async () => {
    bind = await startDnsServer();
  });
  after(async () => bind?.stop());

  it("answers for the lab zone on loopback, with the key's facts", () => {
    assert.match(bind.address, /^127\.0\.0\.1:\d+$/);
    assert.equal(bind.zone, "lab.tls-edge.test");
    assert.equal(bind.algorithm, "HMACSHA256");
    assert.equal(Buffer.from(bind.secret, "base64").length, 32);
  });

  it("a signed update adds a TXT record that a query then sees, and removes it", async () => {
    const name = `_acme-challenge.signed.${bind.zone}`;
    const key = { name: bind.keyName, secret: bind.secret };
    const add = nsupdate(bind, key, [`update add ${name}. 60 TXT "token-1"`]);
    assert.ok(add.ok, add.output);
    assert.deepEqual(await txt(bind, name), [["token-1"]]);
    const del = nsupdate(bind, key, [`update delete ${name}. TXT "token-1"`]);
    assert.ok(del.ok, del.output);
    assert.deepEqual(await txt(bind, name), []);
  });

  it("an update signed with a wrong key is refused and changes nothing", async () => {
    const name = `_acme-challenge.forged.${bind.zone}`;
    const wrongSecret = Buffer.alloc(32, 7).toString("base64");
    const forged = nsupdate(bind, { name: bind.keyName, secret: wrongSecret }, [
      `update add ${name}. 60 TXT "forged"`,
    ]);
    assert.equal(forged.ok, false);
    assert.match(forged.output, /NOTAUTH|BADSIG|tsig/i);
    const unknownKey = nsupdate(bind, { name: "someone-else", secret: bind.secret }, [
      `update add ${name}. 60 TXT "forged"`,
    ]);
    assert.equal(unknownKey.ok, false);
    assert.deepEqual(await txt(bind, name), []);
    assert.match(bind.logs(), /request has invalid signature|bad(sig|key)|tsig/i);
  });
});

describe(
  "Pebble validating DNS-01 through BIND",
  { skip: skipWithoutBind() || skipWithoutPebble() },
  () => {
    let bind: DnsServer;
    let pebble: Pebble;
    let acme: Acme;
    let client: InstanceType<Acme["Client"]>;
    let untrust: () => void;

    before(async () => {
      bind = await startDnsServer();
      pebble = await startPebble({ dnsServer: bind.address });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      acme = require("acme-client") as Acme;
      untrust = trustDirectoryCa(acme.axios, pebble.directoryUrl, pebble.caPem);
      client = new acme.Client({
        directoryUrl: pebble.directoryUrl,
        accountKey: await acme.crypto.createPrivateKey(2048),
      });
      await client.createAccount({ termsOfServiceAgreed: true });
    });
    after(async () => {
      untrust?.();
      await pebble?.stop();
      await bind?.stop();
    });

    /** Orders one name and answers its DNS-01 challenge; `publish` decides whether the TXT goes in. */
    async function challenge(host: string, publish: boolean): Promise<string> {
      const order = await client.createOrder({ identifiers: [{ type: "dns", value: host }] });
      const [authz] = await client.getAuthorizations(order);
      const dns01 = authz!.challenges.find((c) => c.type === "dns-01")!;
      const keyAuth = await client.getChallengeKeyAuthorization(dns01);
      if (publish) {
        const update = nsupdate(bind, { name: bind.keyName, secret: bind.secret }, [
          `update add _acme-challenge.${host}. 60 TXT "${keyAuth}"`,
        ]);
        assert.ok(update.ok, update.output);
      }
      await client.completeChallenge(dns01);
      try {
        await client.waitForValidStatus(dns01);
      } catch {
        // The status below says what happened.
      }
      const after = await client.getAuthorizations(order);
      return after[0]!.status;
    }

    it("pebble resolves through BIND", () => {
      assert.equal(pebble.dnsServer, bind.address);
    });

    it("succeeds when the TXT record was put into BIND with a signed update", async () => {
      assert.equal(await challenge(`ok.${bind.zone}`, true), "valid", pebble.logs());
    });

    it("fails without the record", async () => {
      assert.equal(await challenge(`missing.${bind.zone}`, false), "invalid");
      assert.match(pebble.logs(), /missing\.lab\.tls-edge\.test/);
    });
  },
);
