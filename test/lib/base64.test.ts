import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isRawUrlBase64, isStdBase64 } from "../../components/lib/base64";
import { validateRehearsalOptions } from "../../components/acme/options";
import { validateAcmeIssuerArgs } from "../../components/issuers/acme-issuer";
import { validateRfc2136Dns01Args } from "../../components/dns01/rfc2136";

/**
 * Inputs and whether Go 1.26's `base64.RawURLEncoding.DecodeString` and
 * `base64.StdEncoding.DecodeString` take them (an empty input, which Go takes, is left out: for
 * us it is a missing value). cert-manager reads an EAB HMAC key with the first; the API server
 * reads a `[]byte` field such as `caBundle` with the second.
 */
const GO: readonly (readonly [string, { raw: boolean; std: boolean }])[] = [
  ["QQ", { raw: true, std: false }],
  ["QQ==", { raw: false, std: true }],
  ["QUI", { raw: true, std: false }],
  ["QUI=", { raw: false, std: true }],
  ["QUJD", { raw: true, std: true }],
  ["Q", { raw: false, std: false }],
  ["QUJDR", { raw: false, std: false }],
  ["ab-_", { raw: true, std: false }],
  ["ab+/", { raw: false, std: true }],
  ["ab-_cd", { raw: true, std: false }],
  ["a b", { raw: false, std: false }],
  ["QUJD\n", { raw: true, std: true }],
  ["Zm9v!", { raw: false, std: false }],
  ["QQ=", { raw: false, std: false }],
  ["====", { raw: false, std: false }],
  ["QQ==QQ==", { raw: false, std: false }],
  ["AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", { raw: true, std: false }],
  ["QR", { raw: true, std: false }],
  ["QR==", { raw: false, std: true }],
];

/** Whether `check` throws an error naming `field`. */
function refuses(check: () => void, field: string): boolean {
  try {
    check();
    return false;
  } catch (err) {
    return (err as Error).message.includes(field);
  }
}

describe("base64 as Go decodes it", () => {
  for (const [input, go] of GO) {
    it(`${JSON.stringify(input)}: RawURLEncoding ${go.raw}, StdEncoding ${go.std}`, () => {
      assert.equal(isRawUrlBase64(input), go.raw);
      assert.equal(isStdBase64(input), go.std);
    });
  }

  it("the AcmeIssuer and the rehearsal take the HMAC keys cert-manager takes, and only those", () => {
    for (const [hmacKey, go] of GO) {
      const issuer = refuses(
        () =>
          validateAcmeIssuerArgs({
            server: "https://acme.zerossl.com/v2/DV90",
            externalAccountBinding: { keyId: "kid", hmacKey },
            http01: { ingressClassName: "traefik" },
          }),
        "externalAccountBinding.hmacKey",
      );
      const rehearsal = refuses(
        () =>
          validateRehearsalOptions({
            directoryUrl: "https://acme.zerossl.com/v2/DV90",
            domains: ["shop.example.com"],
            dns: {
              name: "test",
              publish: () => Promise.reject(new Error("not called")),
              remove: () => Promise.resolve(),
              waitVisible: () => Promise.resolve(),
            },
            externalAccountBinding: { kid: "kid", hmacKey },
          }),
        "externalAccountBinding.hmacKey",
      );
      assert.equal(issuer, !go.raw, `AcmeIssuer, ${JSON.stringify(hmacKey)}`);
      assert.equal(rehearsal, !go.raw, `rehearsal, ${JSON.stringify(hmacKey)}`);
    }
  });

  it("Rfc2136Dns01 takes the TSIG secrets the API server and cert-manager's solver decode", () => {
    for (const [tsigSecret, go] of GO) {
      const refused = refuses(
        () =>
          validateRfc2136Dns01Args({
            dnsZones: ["lab.tls-edge.test"],
            nameserver: "127.0.0.1:53",
            tsigKeyName: "tls-edge-lab",
            tsigSecret,
          }),
        "tsigSecret",
      );
      assert.equal(refused, !go.std, JSON.stringify(tsigSecret));
    }
  });
});
