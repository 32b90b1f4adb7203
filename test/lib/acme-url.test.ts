/**
 * Directory URLs that reach a production CA are production however they are spelled: the
 * staging-first checks of `rehearse`, the stack config and the policy pack all go through
 * canonicalAcmeUrl. Each spelling below was a way past --allow-production and staging-first.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ACME_DIRECTORIES, acmeEnvironment, stagingTwinOf } from "../../components/known";
import { canonicalAcmeUrl, sameAcmeDirectory } from "../../components/lib/acme-url";
import { directoryProblems } from "../../components/acme/options";
import { Problems } from "../../components/lib/problems";

const LE = ACME_DIRECTORIES.letsencryptProduction;
const SPELLINGS = [
  "https://acme-v02.api.letsencrypt.org:443/directory",
  "https://acme-v02.api.letsencrypt.org/directory?",
  "https://acme-v02.api.letsencrypt.org/directory#",
  "https://acme-v02.api.letsencrypt.org/directory?x=1",
  "https://acme-v02.api.letsencrypt.org./directory",
  "https://user@acme-v02.api.letsencrypt.org/directory",
  "https://user:pw@acme-v02.api.letsencrypt.org/directory",
  "https://acme-v02.api.letsencrypt.org/./directory",
  "https://acme-v02.api.letsencrypt.org//directory",
  "https://acme-v02.api.letsencrypt.org/x/../directory",
  "https://acme-v02.api.letsencrypt.org/%64irectory",
  "https://acme-v02.api.letsencrypt.org/%2e/directory",
  "https://ACME-V02.API.LETSENCRYPT.ORG/directory/",
  "  https://acme-v02.api.letsencrypt.org/directory  ",
];

describe("canonical ACME directory URLs", () => {
  it("every spelling of Let's Encrypt production is production, with its staging twin", () => {
    for (const url of SPELLINGS) {
      assert.equal(canonicalAcmeUrl(url), "https://acme-v02.api.letsencrypt.org/directory", url);
      assert.equal(acmeEnvironment(url), "production", url);
      assert.equal(stagingTwinOf(url), ACME_DIRECTORIES.letsencryptStaging, url);
      assert.ok(sameAcmeDirectory(url, LE), url);
    }
  });

  it("the other CAs' production directories too", () => {
    const others = [
      "https://acme.zerossl.com:443/v2/DV90?",
      "https://dv.acme-v02.api.pki.goog./directory",
      "https://api.buypass.com//acme/directory#",
      "https://acme.ssl.com/./sslcom-dv-rsa/",
    ];
    for (const url of others) assert.equal(acmeEnvironment(url), "production", url);
  });

  it("rehearse refuses each spelling without --allow-production", () => {
    for (const url of SPELLINGS) {
      const p = new Problems();
      directoryProblems(p, "--directory", url.trim());
      const [problem] = p.lines;
      assert.match(
        problem ?? "",
        /is a production directory; rehearse against its staging directory https:\/\/acme-staging-v02/,
        url,
      );
    }
  });

  it("keeps distinct directories apart and reads staging and test hosts by whole words", () => {
    assert.notEqual(
      canonicalAcmeUrl("https://acme.example.com:8443/directory"),
      canonicalAcmeUrl("https://acme.example.com/directory"),
    );
    assert.equal(
      acmeEnvironment("https://acme-staging-v02.api.letsencrypt.org//directory?"),
      "staging",
    );
    assert.equal(acmeEnvironment("https://ca.test4.example.net/acme"), "staging");
    assert.equal(acmeEnvironment("https://acme.contest.example.com/directory"), "unknown");
    assert.equal(acmeEnvironment("https://latest-ca.example.com/directory"), "unknown");
    assert.equal(acmeEnvironment("https://127.0.0.1:14000/dir"), "test");
    assert.equal(canonicalAcmeUrl("not a url"), undefined);
    assert.equal(canonicalAcmeUrl("ftp://acme-v02.api.letsencrypt.org/directory"), undefined);
  });
});

describe("the stack config and the policy pack use the same rule", () => {
  it("a dev stack naming production with a port and a trailing '?' is refused", async () => {
    const { parseStackConfig } = await import("../../stacks/config.js");
    const server = "https://acme-v02.api.letsencrypt.org:443/directory?";
    assert.throws(
      () =>
        parseStackConfig(
          "dev",
          {
            "tls-edge:environment": "dev",
            "tls-edge:issuer": JSON.stringify({
              type: "acme",
              acme: { environment: "staging", server, http01: true },
            }),
            "tls-edge:apps": JSON.stringify([
              { name: "web", hosts: ["web.example.com"], service: { name: "web", port: 80 } },
            ]),
          },
          [],
        ),
      (err: Error) =>
        err.message.includes(
          `tls-edge:issuer.acme.server: ${server} is a production directory but environment is staging`,
        ),
    );
  });
});
