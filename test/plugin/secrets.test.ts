/**
 * The secret marking the plugin's provider adds to the inferred schema. That the real schema
 * carries it is proven through the CLI (test/engine/plugin-package.e2e.ts).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { markSecrets, type PluginSchema } from "../../plugin/secrets";

function schema(): PluginSchema {
  return {
    resources: { "tls-edge:index:TlsSecret": { inputProperties: { privateKeyPem: {}, cert: {} } } },
    types: { "tls-edge:index:VaultAuthArgs": { properties: { token: {}, appRole: {} } } },
  };
}

describe("plugin secret marking", () => {
  it("marks a resource's inputs and a type's properties secret, and nothing else", () => {
    const marked = markSecrets(
      schema(),
      {
        "tls-edge:index:TlsSecret": ["privateKeyPem"],
        "tls-edge:index:VaultAuthArgs": ["token"],
      },
      {},
    );
    assert.deepEqual(marked, {
      resources: {
        "tls-edge:index:TlsSecret": {
          inputProperties: { privateKeyPem: { secret: true }, cert: {} },
        },
      },
      types: {
        "tls-edge:index:VaultAuthArgs": { properties: { token: { secret: true }, appRole: {} } },
      },
    });
  });

  it("marks a resource's outputs secret apart from its inputs", () => {
    const marked = markSecrets(
      {
        resources: {
          "tls-edge:index:CloudflareDns01": {
            inputProperties: { apiToken: {} },
            properties: { apiToken: {}, tokenId: {} },
          },
        },
        types: {},
      },
      {},
      { "tls-edge:index:CloudflareDns01": ["apiToken"] },
    );
    assert.deepEqual(marked.resources["tls-edge:index:CloudflareDns01"], {
      inputProperties: { apiToken: {} },
      properties: { apiToken: { secret: true }, tokenId: {} },
    });
  });

  it("fails on a property the schema lacks, so a rename cannot drop a secret", () => {
    assert.throws(
      () => markSecrets(schema(), { "tls-edge:index:VaultAuthArgs": ["vaultToken"] }, {}),
      /^Error: plugin\/secrets\.ts: tls-edge:index:VaultAuthArgs has no property "vaultToken" in the inferred schema/,
    );
    assert.throws(
      () => markSecrets(schema(), { "tls-edge:index:Gone": ["token"] }, {}),
      /tls-edge:index:Gone has no property "token"/,
    );
    assert.throws(
      () => markSecrets(schema(), {}, { "tls-edge:index:TlsSecret": ["privateKeyPem"] }),
      /tls-edge:index:TlsSecret has no output property "privateKeyPem"/,
    );
  });
});
