/**
 * The schema properties that carry key material or credentials. Pulumi infers the plugin's schema
 * from the TypeScript types, and its inference (@pulumi/pulumi 3.276's
 * `provider/experimental/analyzer`) has no way to mark a property secret: it reads neither a JSDoc
 * tag nor a type for it, and emits no `secret` field at all. So the plugin's host (./host.ts) adds
 * `secret: true` to these properties after inference; SDKs generated from the schema then send
 * them as secrets. A name here that the schema lacks fails the schema, so a rename cannot drop a
 * secret silently.
 */

/** Property names by the token of the resource (its inputs) or type that holds them. */
export const SECRET_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  "tls-edge:index:TlsSecret": ["privateKeyPem"],
  "tls-edge:index:VaultAuthArgs": ["token"],
  "tls-edge:index:VaultAppRoleArgs": ["secretId"],
  "tls-edge:index:VenafiTppArgs": ["password", "accessToken"],
  "tls-edge:index:VenafiCloudArgs": ["apiToken"],
  "tls-edge:index:Rfc2136Dns01": ["tsigSecret"],
  "tls-edge:index:AcmeExternalAccountBindingArgs": ["hmacKey"],
};

/**
 * Output property names by resource token: values the component creates that are secrets (a
 * created token or key), which it returns as secret Outputs; marked so SDKs say so too.
 */
export const SECRET_OUTPUTS: Readonly<Record<string, readonly string[]>> = {
  "tls-edge:index:CloudflareDns01": ["apiToken"],
  "tls-edge:index:Route53Dns01": ["secretAccessKey"],
  "tls-edge:index:Rfc2136Dns01": ["tsigSecret"],
};

type Properties = Record<string, { secret?: boolean }>;

/** The part of a package schema the marking reads and writes. */
export interface PluginSchema {
  resources: Record<string, { inputProperties?: Properties; properties?: Properties }>;
  types: Record<string, { properties?: Properties }>;
}

/** Marks `secrets` (inputs) and `outputs` secret in `schema` (in place), and returns it. */
export function markSecrets<S extends PluginSchema>(
  schema: S,
  secrets: Readonly<Record<string, readonly string[]>> = SECRET_PROPERTIES,
  outputs: Readonly<Record<string, readonly string[]>> = SECRET_OUTPUTS,
): S {
  const mark = (token: string, properties: Properties, names: readonly string[], of: string) => {
    for (const name of names) {
      const property = properties[name];
      if (!property) {
        throw new Error(
          `plugin/secrets.ts: ${token} has no ${of}property "${name}" in the inferred schema; ` +
            "update it to the property's current name and type",
        );
      }
      property.secret = true;
    }
  };
  for (const [token, names] of Object.entries(secrets)) {
    const properties =
      schema.resources[token]?.inputProperties ?? schema.types[token]?.properties ?? {};
    mark(token, properties, names, "");
  }
  for (const [token, names] of Object.entries(outputs)) {
    mark(token, schema.resources[token]?.properties ?? {}, names, "output ");
  }
  return schema;
}
