/**
 * Provider credentials set in plain text, found by rule from the names of provider settings
 * (`cloudflare:apiUserServiceKey`, `aws:secretKey`, `vault:token`, nested ones such as
 * `aws:assumeRoleWithWebIdentity.webIdentityToken`), not from a list that misses the next one.
 */

/** Last words of a setting's name that make it a credential: `apiToken`, `secretKey`, `jwt`. */
const CREDENTIAL_WORDS = new Set([
  "key",
  "token",
  "secret",
  "password",
  "passphrase",
  "credentials",
  "jwt",
]);

/**
 * Whether a provider setting's name says it holds a credential: its last word (camelCase,
 * snake_case or kebab-case) is one of CREDENTIAL_WORDS, and it is not a public key. A name that
 * goes on past the word (`tokenName`, `keyFile`, `sharedCredentialsFiles`) is not one.
 */
export function isCredentialName(name: string): boolean {
  const words = name
    .split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  const last = words.at(-1);
  return last !== undefined && CREDENTIAL_WORDS.has(last) && words.at(-2) !== "public";
}

/**
 * The paths of credentials set in plain text under a provider config key: the key itself when
 * its value is a string, and every string under a credential name inside a map or list value
 * (`aws:assumeRoleWithWebIdentity.webIdentityToken`). A flag (true/false) is never one.
 */
export function plainCredentials(fullKey: string, text: string): string[] {
  let value: unknown = text;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    // A plain string value.
  }
  const found: string[] = [];
  const walk = (path: string, v: unknown, name: string): void => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(`${path}[${i}]`, x, name));
    } else if (typeof v === "object" && v !== null) {
      for (const [k, x] of Object.entries(v)) walk(`${path}.${k}`, x, k);
    } else if (
      (typeof v === "number" || (typeof v === "string" && v !== "")) &&
      isCredentialName(name)
    ) {
      found.push(path);
    }
  };
  walk(fullKey, value, fullKey.slice(fullKey.indexOf(":") + 1));
  return found;
}

/**
 * What an offline run (`tls-edge render`, `tls-edge policy`) hands the program for an encrypted
 * config value: it never decrypts, so the program sees this placeholder instead.
 */
export function offlineSecretPlaceholder(key: string): string {
  return `offline-placeholder-for-${key}`;
}

/**
 * Set by the offline runner for the program it runs: nothing it registers reaches a cluster, so
 * a secret the stack lacks is shown as unknown instead of stopping the run, as in a preview.
 */
export const OFFLINE_RUN_ENV = "TLS_EDGE_OFFLINE_RUN";

/** Whether a secret config value is the offline placeholder, i.e. its real value is unknown. */
export function isOfflineSecret(key: string, value: string): boolean {
  return value === offlineSecretPlaceholder(key);
}

/**
 * A typed placeholder for a base64 secret the run does not know, where a value is needed (an
 * offline run as after `pulumi up`, which fills in what providers compute the same way): base64
 * of a text that says what it is, always handled as a Pulumi secret.
 */
export function offlineBase64Secret(key: string): string {
  return Buffer.from(`offline placeholder secret for ${key}`).toString("base64");
}
