/**
 * Stack configuration a user gets wrong: hosts claimed twice or too many for one certificate,
 * numbers beyond what Kubernetes stores, lists and scalars where a map belongs, and provider
 * credentials in plain text, found by rule and checked against the providers' own SDKs.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseStackConfig } from "../../stacks/config";
import { isCredentialName, plainCredentials } from "../../stacks/credentials";
import { readStackConfig } from "../../cli/offline/run";
import { assertSchemaValid } from "../helpers/schema";

const base: Record<string, string> = {
  "tls-edge:environment": "dev",
  "tls-edge:issuer": JSON.stringify({ type: "internalCa" }),
};

function app(name: string, hosts: string[], extra: Record<string, unknown> = {}) {
  return { name, hosts, service: { name, port: 80 }, ...extra };
}

function problems(raw: Record<string, string>, secretKeys: string[] = []): string[] {
  try {
    parseStackConfig("dev", { ...base, ...raw }, secretKeys);
  } catch (err) {
    return (err as Error).message
      .split("\n")
      .slice(1, -1)
      .map((l) => l.trim());
  }
  return [];
}

const apps = (...list: unknown[]) => ({ "tls-edge:apps": JSON.stringify(list) });
const hostsOf = (n: number) => Array.from({ length: n }, (_, i) => `h${i}.example.com`);

describe("stack configuration: hosts", () => {
  it("refuses the same host in two apps, naming both", () => {
    assert.deepEqual(
      problems(
        apps(app("web", ["shop.example.com"]), app("api", ["api.example.com", "shop.example.com"])),
      ),
      [
        'tls-edge:apps[1].hosts[1]: "shop.example.com" is also a host of app "web" (apps[0].hosts[0]); a host routes to one app: remove it from one of them',
      ],
    );
  });

  it("refuses a host listed twice in one app", () => {
    assert.deepEqual(problems(apps(app("web", ["a.example.com", "a.example.com"]))), [
      'tls-edge:apps[0].hosts[1]: "a.example.com" is listed twice (also apps[0].hosts[0]); list each host once',
    ]);
  });

  it("refuses more names than one certificate carries, and takes the limit itself", () => {
    assert.deepEqual(problems(apps(app("web", hostsOf(150)))), [
      "tls-edge:apps[0].hosts: 150 hosts, more than the 100 names one certificate can carry (ACME CAs refuse more); split them across several apps",
    ]);
    assert.deepEqual(problems(apps(app("web", hostsOf(101)))).length, 1);
    assert.deepEqual(problems(apps(app("web", hostsOf(100)))), []);
    // Passed through, the backend holds its own certificate: no certificate is made here.
    assert.deepEqual(problems(apps(app("tcp", hostsOf(101), { strategy: "passthrough" }))), []);
  });
});

describe("stack configuration: numbers", () => {
  it("refuses replicas: 99999999999999999999 as the YAML gives it", () => {
    const dir = mkdtempSync(join(tmpdir(), "tls-edge-config-"));
    const file = join(dir, "Pulumi.dev.yaml");
    writeFileSync(
      file,
      "config:\n  tls-edge:controller:\n    replicas: 99999999999999999999\n  tls-edge:certManager:\n    replicas: 2147483648\n",
    );
    const { config } = readStackConfig(file, "tls-edge");
    assert.deepEqual(problems(config), [
      "tls-edge:certManager.replicas: must be at most 2147483647 (Kubernetes stores it as int32), got 2147483648",
      "tls-edge:controller.replicas: must be at most 2147483647 (Kubernetes stores it as int32), got 100000000000000000000",
    ]);
  });

  it("bounds replicas where the Kubernetes schema does", async () => {
    const deployment = (replicas: number) => ({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "edge" },
      spec: { replicas, selector: {}, template: {} },
    });
    const controller = (replicas: number) => ({
      "tls-edge:controller": JSON.stringify({ replicas, antiAffinity: "none" }),
    });
    await assertSchemaValid([deployment(2147483647)]);
    assert.deepEqual(problems(controller(2147483647)), []);
    await assert.rejects(assertSchemaValid([deployment(2147483648)]), /must match format "int32"/);
    assert.deepEqual(problems(controller(2147483648)), [
      "tls-edge:controller.replicas: must be at most 2147483647 (Kubernetes stores it as int32), got 2147483648",
    ]);
    assert.deepEqual(
      problems({
        "tls-edge:controller": JSON.stringify({ autoscaling: { min: 1, max: 1e12 } }),
        "tls-edge:nodes": "3000000000",
      }),
      [
        "tls-edge:nodes: must be at most 2147483647 (Kubernetes stores it as int32), got 3000000000",
        "tls-edge:controller.autoscaling.max: must be at most 2147483647 (Kubernetes stores it as int32), got 1000000000000",
      ],
    );
  });

  it("bounds a service port where the Gateway API schema does", async () => {
    const route = (port: number) => ({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name: "web" },
      spec: { rules: [{ backendRefs: [{ name: "web", port }] }] },
    });
    const withPort = (port: number) =>
      apps({ name: "web", hosts: ["web.example.com"], service: { name: "web", port } });
    await assertSchemaValid([route(65535)]);
    assert.deepEqual(problems(withPort(65535)), []);
    await assert.rejects(assertSchemaValid([route(65536)]), /must be <= 65535/);
    assert.deepEqual(problems(withPort(65536)), [
      "tls-edge:apps[0].service.port: must be at most 65535 (the highest TCP port), got 65536",
    ]);
  });
});

describe("stack configuration: lists and scalars where a map belongs", () => {
  const cases: Array<[string, Record<string, string>, string[]]> = [
    [
      "controller as a list",
      { "tls-edge:controller": JSON.stringify(["traefik", 2]) },
      [
        'tls-edge:controller: must be a map with the keys kind, replicas, antiAffinity, zoneSpread, pdbMinAvailable, autoscaling, defaultHosts, chart, got a list ["traefik",2]',
      ],
    ],
    [
      "certManager as a number",
      { "tls-edge:certManager": "3" },
      ["tls-edge:certManager: must be a map with the keys replicas, gatewayApi, chart, got 3"],
    ],
    [
      "an app as a string",
      { "tls-edge:apps": JSON.stringify(["web", app("api", ["api.example.com"])]) },
      [
        'tls-edge:apps[0]: must be a map with the keys name, namespace, hosts, service, strategy, got "web"',
      ],
    ],
    [
      "apps as a map",
      { "tls-edge:apps": JSON.stringify({ web: { hosts: ["web.example.com"] } }) },
      ['tls-edge:apps: must be a list of applications, got {"web":{"hosts":["web.example.com"]}}'],
    ],
    [
      "an app's service as a string",
      {
        "tls-edge:apps": JSON.stringify([
          { name: "web", hosts: ["w.example.com"], service: "web" },
        ]),
      },
      ['tls-edge:apps[0].service: must be a map with the keys name, port, got "web"'],
    ],
    [
      "issuer.acme as a list",
      {
        "tls-edge:issuer": JSON.stringify({ type: "acme", acme: ["staging"] }),
      },
      [
        'tls-edge:issuer.acme: must be a map with the keys environment, server, stagingServer, caBundle, caBundleFile, email, dns01, http01, got a list ["staging"]',
      ],
    ],
    [
      "a DNS-01 solver as a string, and dns01 as a map",
      {
        "tls-edge:issuer": JSON.stringify({
          type: "acme",
          acme: { environment: "staging", http01: true, dns01: ["route53"] },
        }),
        "tls-edge:monitoring": JSON.stringify([true]),
      },
      [
        'tls-edge:issuer.acme.dns01[0]: must be a map, got "route53"',
        "tls-edge:monitoring: must be a map with the keys enabled, expiryWarningDays, namespace, got a list [true]",
      ],
    ],
  ];
  for (const [title, raw, expected] of cases) {
    it(`names the key and the shape: ${title}`, () => {
      assert.deepEqual(problems(raw), expected);
    });
  }
});

describe("stack configuration: provider credentials in plain text, by rule", () => {
  /** Settings a provider's Node.js SDK wraps in pulumi.secret (its provider.js), and all others. */
  function providerSettings(pkg: string): { secret: string[]; other: string[] } {
    const root = join(__dirname, "../../node_modules/@pulumi", pkg);
    const provider = readFileSync(join(root, "provider.js"), "utf8");
    const secret = [
      ...provider.matchAll(/resourceInputs\["(\w+)"\] = args\?\.\w+ \? pulumi\.secret\(/g),
    ].map((m) => m[1]!);
    const vars = readFileSync(join(root, "config/vars.d.ts"), "utf8");
    const all = [...vars.matchAll(/export declare const (\w+):/g)].map((m) => m[1]!);
    return { secret, other: all.filter((k) => !secret.includes(k)) };
  }

  for (const [pkg, expectedSecret] of [
    ["aws", ["accessKey", "secretKey", "token"]],
    ["cloudflare", ["apiKey", "apiToken", "apiUserServiceKey"]],
  ] as const) {
    it(`catches every setting @pulumi/${pkg} marks secret, and none of the others`, () => {
      const { secret, other } = providerSettings(pkg);
      assert.deepEqual([...secret].sort(), [...expectedSecret]);
      assert.ok(other.length > 2, `read the settings of @pulumi/${pkg}`);
      assert.deepEqual(
        secret.filter((k) => !isCredentialName(k)),
        [],
        "secret settings missed",
      );
      assert.deepEqual(
        other.filter((k) => isCredentialName(k)),
        [],
        "settings wrongly taken for credentials",
      );
    });
  }

  it("names each one with the command that fixes it", () => {
    assert.deepEqual(
      problems({
        "cloudflare:apiUserServiceKey": "v1.0-abc",
        "aws:secretKey": "wJalrXUtnFEMI",
        "aws:region": "eu-west-1",
        "aws:tokenBucketRateLimiterCapacity": "100",
        "aws:assumeRoleWithWebIdentity": JSON.stringify({
          roleArn: "arn:aws:iam::123456789012:role/dns",
          webIdentityToken: "eyJhbGciOi",
          webIdentityTokenFile: "/var/run/token",
        }),
      }),
      [
        "cloudflare:apiUserServiceKey: holds a credential in plain text; set it with 'pulumi config set --secret cloudflare:apiUserServiceKey'",
        "aws:secretKey: holds a credential in plain text; set it with 'pulumi config set --secret aws:secretKey'",
        "aws:assumeRoleWithWebIdentity.webIdentityToken: holds a credential in plain text; set it with 'pulumi config set --secret --path aws:assumeRoleWithWebIdentity.webIdentityToken'",
      ],
    );
    assert.deepEqual(problems({ "aws:secretKey": "x" }, ["aws:secretKey"]), []);
  });

  it("catches Vault's tokens, passwords and JWTs, nested ones included", () => {
    // Settings and their value types from pulumi-vault v7.11.0, sdk/nodejs/config/vars.ts and
    // the Provider* input types (sdk/nodejs/types/input.ts); that SDK wraps none in secret().
    const found = [
      ["vault:token", "hvs.CAESI"],
      ["vault:tokenName", "tls-edge"],
      ["vault:skipChildToken", "true"],
      ["vault:setNamespaceFromToken", "false"],
      ["vault:address", "https://vault.example.com:8200"],
      ["vault:caCertFile", "/etc/vault/ca.pem"],
      [
        "vault:authLoginUserpass",
        JSON.stringify({ username: "ci", password: "hunter2", passwordFile: "/run/pw" }),
      ],
      [
        "vault:authLoginAws",
        JSON.stringify({
          role: "dns",
          awsAccessKeyId: "AKIAEXAMPLE",
          awsSecretAccessKey: "wJalrXUtnFEMI",
          awsSessionToken: "FwoGZXIvYXdzE",
          awsWebIdentityTokenFile: "/var/run/token",
        }),
      ],
      ["vault:authLoginJwt", JSON.stringify({ role: "ci", jwt: "eyJhbGciOi" })],
      ["vault:authLoginGcp", JSON.stringify({ role: "ci", credentials: "{...}" })],
      ["vault:clientAuth", JSON.stringify({ certFile: "/c.pem", keyFile: "/k.pem" })],
      ["vault:headers", JSON.stringify([{ name: "X-Env", value: "ci" }])],
    ].flatMap(([key, value]) => plainCredentials(key!, value!));
    assert.deepEqual(found, [
      "vault:token",
      "vault:authLoginUserpass.password",
      "vault:authLoginAws.awsSecretAccessKey",
      "vault:authLoginAws.awsSessionToken",
      "vault:authLoginJwt.jwt",
      "vault:authLoginGcp.credentials",
    ]);
  });

  it("reads names in every case style and spares public keys", () => {
    const names = [
      "api_key",
      "client-secret",
      "clientSecret",
      "privateKey",
      "APIKey",
      "adminPassword",
      "sshPublicKey",
      "keyName",
      "secretsManagerEndpoint",
      "tokenUrl",
    ];
    assert.deepEqual(
      names.filter((n) => isCredentialName(n)),
      ["api_key", "client-secret", "clientSecret", "privateKey", "APIKey", "adminPassword"],
    );
  });
});
