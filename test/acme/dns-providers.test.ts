import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { ChalltestsrvDns, CloudflareDns, Route53Dns } from "../../components/acme";
import { closedPort, fakeDns, fakeHttp, type FakeDns } from "./fake-servers";

const FQDN = "_acme-challenge.www.example.com";

const changeXml = (kind: "ChangeResourceRecordSets" | "GetChange", status: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><${kind}Response xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ChangeInfo><Id>/change/C${status}</Id><Status>${status}</Status><SubmittedAt>2026-01-01T00:00:00.000Z</SubmittedAt></ChangeInfo></${kind}Response>`;

const batch = (action: string, values: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ChangeBatch><Changes><Change><Action>${action}</Action><ResourceRecordSet><Name>${FQDN}.</Name><Type>TXT</Type><TTL>60</TTL><ResourceRecords>${values
    .map((v) => `<ResourceRecord><Value>&quot;${v}&quot;</Value></ResourceRecord>`)
    .join(
      "",
    )}</ResourceRecords></ResourceRecordSet></Change></Changes><Comment>tls-edge ACME rehearsal</Comment></ChangeBatch></ChangeResourceRecordSetsRequest>`;

describe("Route53 DNS provider against a local fake", () => {
  let dns: FakeDns;
  before(async () => {
    process.env.AWS_ACCESS_KEY_ID = "AKIDTEST";
    process.env.AWS_SECRET_ACCESS_KEY = "secret-test";
    dns = await fakeDns();
  });
  after(() => dns.close());

  it("UPSERTs both values of a name, polls GetChange until INSYNC, then UPSERTs and DELETEs exactly", async () => {
    let polls = 0;
    const api = await fakeHttp((req) =>
      req.method === "GET"
        ? { type: "text/xml", body: changeXml("GetChange", ++polls < 2 ? "PENDING" : "INSYNC") }
        : { type: "text/xml", body: changeXml("ChangeResourceRecordSets", "PENDING") },
    );
    try {
      const r53 = new Route53Dns({
        hostedZoneId: "/hostedzone/Z0EXAMPLE",
        endpoint: api.url,
        nameServers: [dns.server],
        pollIntervalMs: 10,
      });
      const h1 = await r53.publish(`${FQDN}.`, "value-one");
      const h2 = await r53.publish(FQDN, "value-two");
      assert.deepEqual(h1, { fqdn: FQDN, value: "value-one", id: "CPENDING" });
      dns.txt.set(FQDN, ["value-one", "value-two"]);
      await r53.waitVisible(FQDN, "value-two", Date.now() + 5000);
      await r53.remove(h1);
      await r53.remove(h2);
      assert.deepEqual(
        api.requests.map((r) => [r.method, r.path, r.body]),
        [
          ["POST", "/2013-04-01/hostedzone/Z0EXAMPLE/rrset", batch("UPSERT", ["value-one"])],
          [
            "POST",
            "/2013-04-01/hostedzone/Z0EXAMPLE/rrset",
            batch("UPSERT", ["value-one", "value-two"]),
          ],
          ["GET", "/2013-04-01/change/CPENDING", ""],
          ["GET", "/2013-04-01/change/CPENDING", ""],
          ["POST", "/2013-04-01/hostedzone/Z0EXAMPLE/rrset", batch("UPSERT", ["value-two"])],
          ["POST", "/2013-04-01/hostedzone/Z0EXAMPLE/rrset", batch("DELETE", ["value-two"])],
        ],
      );
      assert.match(
        String(api.requests[0]!.headers.authorization),
        /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/us-east-1\/route53\/aws4_request/,
      );
    } finally {
      await api.close();
    }
  });

  it("gives up at the deadline when the value never shows on the name servers", async () => {
    const api = await fakeHttp(() => ({
      type: "text/xml",
      body: changeXml("GetChange", "INSYNC"),
    }));
    try {
      const r53 = new Route53Dns({
        hostedZoneId: "Z0EXAMPLE",
        endpoint: api.url,
        nameServers: [dns.server],
      });
      await assert.rejects(
        r53.waitVisible("_acme-challenge.missing.example.com", "v", Date.now() + 300),
        // The real wait, not a configured figure: 300 ms was the deadline.
        {
          message: new RegExp(
            `^TXT record _acme-challenge\\.missing\\.example\\.com not visible on ${dns.server} after \\d+\\.\\ds, at the deadline$`,
          ),
        },
      );
    } finally {
      await api.close();
    }
  });
});

describe("Cloudflare DNS provider against a local fake", () => {
  it("creates a quoted TXT record with the token, waits for it, deletes it by id", async () => {
    const dns = await fakeDns();
    const api = await fakeHttp(() => ({
      body: JSON.stringify({
        success: true,
        errors: [],
        messages: [],
        result: { id: "rec-123" },
      }),
    }));
    try {
      const cf = new CloudflareDns({
        zoneId: "zone-abc",
        apiToken: "cf-token",
        baseURL: `${api.url}/client/v4`,
        nameServers: [dns.server],
      });
      const handle = await cf.publish(FQDN, "key-auth");
      assert.deepEqual(handle, { fqdn: FQDN, value: "key-auth", id: "rec-123" });
      dns.txt.set(FQDN, ["key-auth"]);
      await cf.waitVisible(FQDN, "key-auth", Date.now() + 2000);
      await cf.remove(handle);
      assert.deepEqual(
        api.requests.map((r) => [r.method, r.path, r.body ? JSON.parse(r.body) : null]),
        [
          [
            "POST",
            "/client/v4/zones/zone-abc/dns_records",
            {
              type: "TXT",
              name: FQDN,
              content: '"key-auth"',
              ttl: 60,
              comment: "tls-edge ACME rehearsal",
            },
          ],
          ["DELETE", "/client/v4/zones/zone-abc/dns_records/rec-123", null],
        ],
      );
      assert.ok(api.requests.every((r) => r.headers.authorization === "Bearer cf-token"));
    } finally {
      await api.close();
      await dns.close();
    }
  });

  it("reports Cloudflare's error when a create is refused", async () => {
    const api = await fakeHttp(() => ({
      status: 403,
      body: JSON.stringify({
        success: false,
        errors: [{ code: 10000, message: "Authentication error" }],
        messages: [],
        result: null,
      }),
    }));
    try {
      const cf = new CloudflareDns({
        zoneId: "zone-abc",
        apiToken: "bad",
        baseURL: `${api.url}/client/v4`,
      });
      await assert.rejects(cf.publish(FQDN, "v"), /Authentication error/);
    } finally {
      await api.close();
    }
  });

  it("needs a token", () => {
    const saved = process.env.CLOUDFLARE_API_TOKEN;
    delete process.env.CLOUDFLARE_API_TOKEN;
    try {
      assert.throws(() => new CloudflareDns({ zoneId: "z" }), {
        message:
          "cloudflare: no API token; set CLOUDFLARE_API_TOKEN to a token with Zone / DNS / Edit",
      });
    } finally {
      if (saved !== undefined) process.env.CLOUDFLARE_API_TOKEN = saved;
    }
  });
});

/** `\d+ ms` where the message gives the real time spent; everything else exact. */
const exact = (text: string) => ({
  message: new RegExp(
    `^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace("<ms>", "\\d+ ms")}$`,
  ),
});

describe("a DNS provider's API that cannot be reached", () => {
  const ZONE = "0123456789abcdef0123456789abcdef";
  let port: number;
  before(async () => {
    port = await closedPort();
    process.env.AWS_ACCESS_KEY_ID = "AKIDTEST";
    process.env.AWS_SECRET_ACCESS_KEY = "secret-test";
  });

  it("challtestsrv: names the action, the request, the time spent and what to check", async () => {
    const dns = new ChalltestsrvDns({
      managementUrl: `http://127.0.0.1:${port}`,
      dnsServer: "127.0.0.1:8053",
    });
    const why = `connection refused, nothing listens there (ECONNREFUSED); check that pebble-challtestsrv runs with -management 127.0.0.1:${port}`;
    await assert.rejects(
      dns.publish(FQDN, "v"),
      exact(
        `challtestsrv: publish TXT ${FQDN}: POST http://127.0.0.1:${port}/set-txt failed after <ms>: ${why}`,
      ),
    );
    await assert.rejects(
      dns.remove({ fqdn: FQDN, value: "v" }),
      exact(
        `challtestsrv: remove TXT ${FQDN}: POST http://127.0.0.1:${port}/clear-txt failed after <ms>: ${why}`,
      ),
    );
  });

  it("Cloudflare: names the request and the attempts instead of 'Connection error.'", async () => {
    const cf = new CloudflareDns({
      zoneId: ZONE,
      apiToken: "cf-token",
      baseURL: `http://127.0.0.1:${port}/client/v4`,
    });
    const base = `http://127.0.0.1:${port}/client/v4/zones/${ZONE}/dns_records`;
    const why = "connection refused, nothing listens there (ECONNREFUSED) (3 attempts)";
    await assert.rejects(
      cf.publish(FQDN, "v"),
      exact(`cloudflare: publish TXT ${FQDN}: POST ${base} failed after <ms>: ${why}`),
    );
    await assert.rejects(
      cf.remove({ fqdn: FQDN, value: "v", id: "rec-1" }),
      exact(`cloudflare: remove TXT ${FQDN}: DELETE ${base}/rec-1 failed after <ms>: ${why}`),
    );
  });

  it("Route53: names the request and the attempts", async () => {
    const r53 = new Route53Dns({ hostedZoneId: "Z0EXAMPLE", endpoint: `http://127.0.0.1:${port}` });
    await assert.rejects(
      r53.publish(FQDN, "v"),
      exact(
        `route53: publish TXT ${FQDN}: POST http://127.0.0.1:${port}/2013-04-01/hostedzone/Z0EXAMPLE/rrset failed after <ms>: connection refused, nothing listens there (ECONNREFUSED) (3 attempt(s))`,
      ),
    );
  });
});
