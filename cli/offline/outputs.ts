/**
 * What the offline engine answers for values a provider computes. During a preview they are
 * unknown, as with the real engine; in an offline "up" they are placeholders that say so.
 * Values the provider marks secret come back as secrets.
 */
import { isSecretValue, SECRET_SIG, SECRET_SIG_KEY, UNKNOWN } from "./engine-wire";

type Computed = Record<string, (name: string) => string>;

const ACCOUNT = "123456789012";

function pemPlaceholder(name: string): string {
  return `-----BEGIN PRIVATE KEY-----\noffline placeholder private key for ${name}\n-----END PRIVATE KEY-----\n`;
}

/**
 * A certificate, shaped like the real thing so checks that parse PEM certificates (a CA bundle
 * given as an Output, checked once known) see one: a self-signed placeholder CA valid until 2126,
 * after a line naming what it stands for (text before the block is allowed, RFC 7468).
 */
const PLACEHOLDER_CERTIFICATE = [
  "-----BEGIN CERTIFICATE-----",
  "MIIB4DCCAYegAwIBAgIUUZ7g1ApEuW+pAIj/tcC7H82RZ0owCgYIKoZIzj0EAwIw",
  "PTERMA8GA1UECgwIdGxzLWVkZ2UxKDAmBgNVBAMMH3Rscy1lZGdlIG9mZmxpbmUg",
  "cGxhY2Vob2xkZXIgQ0EwIBcNMjYxMTMwMTIxNjE4WhgPMjEyNjExMDYxMjE2MTha",
  "MD0xETAPBgNVBAoMCHRscy1lZGdlMSgwJgYDVQQDDB90bHMtZWRnZSBvZmZsaW5l",
  "IHBsYWNlaG9sZGVyIENBMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEaodpp2JY",
  "TWzNKHTSltxYoAKu8zDgq8ndHjk2O1eHXvpe+dyXpxKjJRnJTVIJwGuSJjv9Z1aX",
  "JhAvbazObXAPVaNjMGEwHQYDVR0OBBYEFPlOkvkmO6t0scSWwttvAYasIvS4MB8G",
  "A1UdIwQYMBaAFPlOkvkmO6t0scSWwttvAYasIvS4MA8GA1UdEwEB/wQFMAMBAf8w",
  "DgYDVR0PAQH/BAQDAgEGMAoGCCqGSM49BAMCA0cAMEQCIEir7+NtRXXwxxok6LHc",
  "0Th/zTxhb2s1tg+Ey38zome8AiBVHXO57/Vng0klMuK15qGHYiHx1P9+84pLmNYb",
  "Aob+Gw==",
  "-----END CERTIFICATE-----",
].join("\n");

function certificatePlaceholder(name: string): string {
  return `offline placeholder certificate for ${name}\n${PLACEHOLDER_CERTIFICATE}\n`;
}

/** Computed outputs per resource type. Secrets are listed in SECRET_OUTPUTS. */
const COMPUTED: Record<string, Computed> = {
  "tls:index/privateKey:PrivateKey": {
    // Shaped like the real thing, so checks that look for PEM keys see one.
    privateKeyPem: (n) => pemPlaceholder(n),
    privateKeyPemPkcs8: (n) => pemPlaceholder(n),
    privateKeyOpenssh: (n) => `offline placeholder private key for ${n}`,
    publicKeyPem: (n) => `offline placeholder public key for ${n}`,
  },
  "tls:index/selfSignedCert:SelfSignedCert": {
    certPem: (n) => certificatePlaceholder(n),
    validityEndTime: () => "2036-01-01T00:00:00Z",
  },
  "tls:index/locallySignedCert:LocallySignedCert": {
    certPem: (n) => certificatePlaceholder(n),
    validityEndTime: () => "2036-01-01T00:00:00Z",
  },
  // Physical names come from the provider's autonaming; the placeholder is the resource name.
  "aws:iam/role:Role": { arn: (n) => `arn:aws:iam::${ACCOUNT}:role/${n}`, name: (n) => n },
  "aws:iam/policy:Policy": { arn: (n) => `arn:aws:iam::${ACCOUNT}:policy/${n}` },
  "aws:iam/user:User": { arn: (n) => `arn:aws:iam::${ACCOUNT}:user/${n}`, name: (n) => n },
  "aws:iam/accessKey:AccessKey": {
    secret: (n) => `offline placeholder secret access key for ${n}`,
    sesSmtpPasswordV4: (n) => `offline placeholder smtp password for ${n}`,
  },
  "aws:eks/podIdentityAssociation:PodIdentityAssociation": {
    associationArn: (n) => `arn:aws:eks:us-east-1:${ACCOUNT}:podidentityassociation/${n}`,
  },
  "cloudflare:index/apiToken:ApiToken": { value: (n) => `offline placeholder token for ${n}` },
};

const SECRET_OUTPUTS = new Set([
  "privateKeyPem",
  "privateKeyPemPkcs8",
  "privateKeyOpenssh",
  "secret",
  "sesSmtpPasswordV4",
  "value",
]);

export function computedOutputs(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  preview: boolean,
): Record<string, unknown> {
  const computed = COMPUTED[type] ?? {};
  const out: Record<string, unknown> = {};
  for (const [key, make] of Object.entries(computed)) {
    if (inputs[key] !== undefined) continue;
    const value = preview ? UNKNOWN : make(name);
    out[key] = SECRET_OUTPUTS.has(key) ? { [SECRET_SIG_KEY]: SECRET_SIG, value } : value;
  }
  if (type === "aws:iam/accessKey:AccessKey" && inputs["id"] === undefined) {
    out["id"] = preview ? UNKNOWN : `AKIAOFFLINE${name.length}`;
  }
  return out;
}

/** The placeholder strings among computed outputs (secret ones unwrapped). */
export function placeholderStrings(computed: Record<string, unknown>): string[] {
  return Object.values(computed)
    .map((v) => (isSecretValue(v) ? v.value : v))
    .filter((v): v is string => typeof v === "string" && v !== UNKNOWN);
}
