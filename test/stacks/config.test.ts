import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { externalNamespaces, parseStackConfig } from "../../stacks/config";
import { readStackConfig } from "../../cli/offline/run";

const base: Record<string, string> = {
  "tls-edge:environment": "dev",
  "tls-edge:issuer": JSON.stringify({ type: "internalCa" }),
  "tls-edge:apps": JSON.stringify([
    { name: "web", hosts: ["web.example.com"], service: { name: "web", port: 80 } },
  ]),
};

function errorOf(stack: string, raw: Record<string, string>, secretKeys: string[] = []): string {
  try {
    parseStackConfig(stack, raw, secretKeys);
  } catch (err) {
    return (err as Error).message;
  }
  assert.fail("expected the configuration to be rejected");
}

function problems(stack: string, raw: Record<string, string>, secretKeys: string[] = []): string[] {
  return errorOf(stack, raw, secretKeys)
    .split("\n")
    .slice(1, -1)
    .map((l) => l.trim());
}

const acmeRoute53 = {
  type: "acme",
  acme: {
    environment: "staging",
    dns01: [
      {
        provider: "route53",
        zones: ["example.com"],
        hostedZoneIds: ["Z123EXAMPLE"],
        region: "us-east-1",
        mode: "irsa",
        oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.example",
        oidcIssuerUrl: "https://oidc.example",
      },
    ],
  },
};

describe("stack configuration", () => {
  it("names the namespaces other systems own, with their defaults", () => {
    const parsed = (raw: Record<string, string>) =>
      externalNamespaces(parseStackConfig("dev", { ...base, ...raw }));
    assert.deepEqual(parsed({}), []);
    assert.deepEqual(
      parsed({
        "tls-edge:mesh": "PERMISSIVE",
        "tls-edge:monitoring": JSON.stringify({ enabled: true }),
      }),
      [
        { key: "mesh.rootNamespace", name: "istio-system" },
        { key: "monitoring.namespace", name: "monitoring" },
      ],
    );
    const custom = parseStackConfig("dev", {
      ...base,
      "tls-edge:mesh": JSON.stringify({ mode: "STRICT", rootNamespace: "istio-root" }),
      "tls-edge:monitoring": JSON.stringify({ enabled: true, namespace: "prometheus" }),
    });
    assert.equal(custom.mesh, "STRICT");
    assert.deepEqual(externalNamespaces(custom), [
      { key: "mesh.rootNamespace", name: "istio-root" },
      { key: "monitoring.namespace", name: "prometheus" },
    ]);
  });

  it("parses the shipped stacks", () => {
    for (const stack of ["dev", "staging", "prod", "lab"]) {
      const { config, secretKeys } = readStackConfig(`stacks/Pulumi.${stack}.yaml`, "tls-edge");
      // As a preview reads them: lab's TSIG secret is set for each deployment, not in the file.
      const parsed = parseStackConfig(stack, config, secretKeys, { preview: true });
      assert.equal(parsed.stack, stack);
    }
    const dev = parseStackConfig(
      "dev",
      readStackConfig("stacks/Pulumi.dev.yaml", "tls-edge").config,
    );
    assert.equal(dev.issuer.type, "internalCa");
    assert.equal(dev.mesh, "off");
    assert.ok(readFileSync("stacks/Pulumi.prod.yaml", "utf8").includes("environment: production"));
  });

  it("applies defaults", () => {
    const parsed = parseStackConfig("dev", base);
    assert.deepEqual(parsed.controller, {
      kind: "traefik",
      replicas: 1,
      antiAffinity: "preferred",
      zoneSpread: false,
      defaultHosts: [],
    });
    assert.deepEqual(parsed.apps, [
      {
        name: "web",
        namespace: "web",
        hosts: ["web.example.com"],
        service: { name: "web", port: 80 },
        strategy: "edge",
      },
    ]);
    assert.equal(parsed.installCharts, true);
    assert.deepEqual(parsed.gatewayApi, {
      crds: "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.1/standard-install.yaml",
    });
  });

  const cases: Array<[string, string, Record<string, string>, string[], string[]?]> = [
    [
      "unknown top-level key",
      "dev",
      { ...base, "tls-edge:replicas": "3" },
      [
        "tls-edge:replicas: unknown key; allowed keys are environment, installCharts, nodes, certManager, gatewayApi, issuer, controller, apps, mesh, monitoring, tsigSecret",
      ],
    ],
    [
      "unknown nested key",
      "dev",
      { ...base, "tls-edge:controller": JSON.stringify({ replica: 2 }) },
      [
        "tls-edge:controller.replica: unknown key; allowed keys are kind, replicas, antiAffinity, zoneSpread, pdbMinAvailable, autoscaling, defaultHosts, chart",
      ],
    ],
    [
      "unknown gatewayApi key",
      "dev",
      { ...base, "tls-edge:gatewayApi": JSON.stringify({ source: "crds.yaml" }) },
      ["tls-edge:gatewayApi.source: unknown key; allowed keys are crds"],
    ],
    [
      "wrong type",
      "dev",
      { ...base, "tls-edge:nodes": '"three"' },
      ['tls-edge:nodes: must be a whole number >= 1, got "three"'],
    ],
    [
      "unknown controller",
      "dev",
      { ...base, "tls-edge:controller": JSON.stringify({ kind: "nginx" }) },
      ['tls-edge:controller.kind: must be one of traefik, haproxy, ingress-nginx, got "nginx"'],
    ],
    [
      "missing environment",
      "dev",
      { "tls-edge:issuer": JSON.stringify({ type: "internalCa" }) },
      ["tls-edge:environment: is required: dev, staging or production"],
    ],
    [
      "production ACME directory outside production",
      "dev",
      {
        ...base,
        "tls-edge:issuer": JSON.stringify({
          type: "acme",
          acme: { environment: "production", http01: true },
        }),
      },
      [
        'tls-edge:issuer.acme: stack "dev" is not a production stack but uses the production ACME directory https://acme-v02.api.letsencrypt.org/directory; use environment: staging (or a staging/test server) outside production',
      ],
    ],
    [
      "wildcard host without DNS-01",
      "staging",
      {
        ...base,
        "tls-edge:environment": "staging",
        "tls-edge:issuer": JSON.stringify({
          type: "acme",
          acme: { environment: "staging", http01: true },
        }),
        "tls-edge:apps": JSON.stringify([
          { name: "api", hosts: ["*.api.example.com"], service: { name: "api", port: 80 } },
        ]),
      },
      [
        'tls-edge:apps[0].hosts[0]: wildcard "*.api.example.com" needs a DNS-01 solver for its zone; add its zone under issuer.acme.dns01 or list the names one by one',
      ],
    ],
    [
      "host outside every DNS-01 zone",
      "staging",
      {
        ...base,
        "tls-edge:environment": "staging",
        "tls-edge:issuer": JSON.stringify(acmeRoute53),
        "tls-edge:apps": JSON.stringify([
          { name: "w", hosts: ["w.example.org"], service: { name: "w", port: 80 } },
        ]),
      },
      [
        'tls-edge:apps[0].hosts[0]: "w.example.org" is in no DNS-01 zone and HTTP-01 is off; add its zone under issuer.acme.dns01 or set issuer.acme.http01: true',
      ],
    ],
    [
      "IRSA without OIDC provider",
      "staging",
      {
        ...base,
        "tls-edge:environment": "staging",
        "tls-edge:issuer": JSON.stringify({
          type: "acme",
          acme: { dns01: [{ ...acmeRoute53.acme.dns01[0], oidcProviderArn: undefined }] },
        }),
      },
      [
        "tls-edge:issuer.acme.dns01[0].oidcProviderArn: IRSA needs oidcProviderArn and oidcIssuerUrl of the cluster",
      ],
    ],
    [
      "bad hosted zone id",
      "staging",
      {
        ...base,
        "tls-edge:environment": "staging",
        "tls-edge:issuer": JSON.stringify({
          type: "acme",
          acme: { dns01: [{ ...acmeRoute53.acme.dns01[0], hostedZoneIds: ["example.com"] }] },
        }),
      },
      [
        'tls-edge:issuer.acme.dns01[0].hostedZoneIds[0]: "example.com" is not a Route53 hosted zone id (Z...)',
      ],
    ],
    [
      "required anti-affinity beyond the nodes",
      "dev",
      {
        ...base,
        "tls-edge:controller": JSON.stringify({ replicas: 3, antiAffinity: "required" }),
      },
      [
        'tls-edge:controller.antiAffinity: required anti-affinity with 3 replicas needs at least 3 nodes, but nodes is 1; use "preferred" or add nodes',
      ],
    ],
    [
      "PDB that blocks every eviction",
      "dev",
      {
        ...base,
        "tls-edge:nodes": "2",
        "tls-edge:controller": JSON.stringify({ replicas: 2, pdbMinAvailable: 2 }),
      },
      [
        "tls-edge:controller.pdbMinAvailable: 2 >= replicas (2) blocks every eviction; use at most 1 or add replicas",
      ],
    ],
    [
      "invalid host name",
      "dev",
      {
        ...base,
        "tls-edge:apps": JSON.stringify([
          { name: "w", hosts: ["bad_host"], service: { name: "w", port: 80 } },
        ]),
      },
      ['tls-edge:apps[0].hosts[0]: "bad_host" is not a valid host name'],
    ],
    [
      "duplicate app names",
      "dev",
      {
        ...base,
        "tls-edge:apps": JSON.stringify([
          { name: "w", hosts: ["a.example.com"], service: { name: "w", port: 80 } },
          { name: "w", hosts: ["b.example.com"], service: { name: "w", port: 80 } },
        ]),
      },
      ['tls-edge:apps[1].name: "w" is used twice; app names must be unique'],
    ],
    [
      "unknown mesh mode",
      "dev",
      { ...base, "tls-edge:mesh": "strict" },
      ['tls-edge:mesh: must be one of off, PERMISSIVE, STRICT, got "strict"'],
    ],
    [
      "a mesh root namespace that is not a namespace name",
      "dev",
      {
        ...base,
        "tls-edge:mesh": JSON.stringify({ mode: "STRICT", rootNamespace: "Istio_System" }),
      },
      [
        "tls-edge:mesh.rootNamespace: must be a namespace name (lower-case letters, digits, '-'), got \"Istio_System\"",
      ],
    ],
    [
      "an unknown mesh key",
      "dev",
      { ...base, "tls-edge:mesh": JSON.stringify({ mode: "STRICT", root: "istio-system" }) },
      ["tls-edge:mesh.root: unknown key; allowed keys are mode, rootNamespace"],
    ],
    [
      "apps in namespaces another system owns",
      "dev",
      {
        ...base,
        "tls-edge:mesh": "STRICT",
        "tls-edge:monitoring": JSON.stringify({ enabled: true, namespace: "observability" }),
        "tls-edge:apps": JSON.stringify([
          {
            name: "a",
            namespace: "istio-system",
            hosts: ["a.example.com"],
            service: { name: "a" },
          },
          {
            name: "b",
            namespace: "observability",
            hosts: ["b.example.com"],
            service: { name: "b" },
          },
        ]),
      },
      [
        'tls-edge:apps[0].namespace: "istio-system" is the namespace set by tls-edge:mesh.rootNamespace, which another system owns; give the app its own namespace',
        'tls-edge:apps[1].namespace: "observability" is the namespace set by tls-edge:monitoring.namespace, which another system owns; give the app its own namespace',
      ],
    ],
    [
      "production without monitoring",
      "prod",
      {
        ...base,
        "tls-edge:environment": "production",
      },
      [
        "tls-edge:monitoring.enabled: must be true in production: expiry alerts are the only warning",
      ],
    ],
    [
      "credential in plain text",
      "prod",
      {
        ...base,
        "cloudflare:apiToken": "abc",
      },
      [
        "cloudflare:apiToken: holds a credential in plain text; set it with 'pulumi config set --secret cloudflare:apiToken'",
      ],
    ],
    [
      "autoscaling min above max",
      "dev",
      {
        ...base,
        "tls-edge:controller": JSON.stringify({ autoscaling: { min: 4, max: 2 } }),
      },
      ["tls-edge:controller.autoscaling: min (4) is above max (2)"],
    ],
  ];

  for (const [title, stack, raw, expected] of cases) {
    it(`rejects ${title}`, () => {
      assert.deepEqual(problems(stack, raw), expected);
    });
  }

  it("lists every problem at once and points at the docs", () => {
    const message = errorOf("dev", { "tls-edge:nodes": "0", "tls-edge:mesh": "on" });
    assert.equal(
      message,
      [
        'invalid configuration for stack "dev":',
        "  tls-edge:environment: is required: dev, staging or production",
        "  tls-edge:nodes: must be a whole number >= 1, got 0",
        '  tls-edge:mesh: must be one of off, PERMISSIVE, STRICT, got "on"',
        'See docs/stacks.md, "Configuration".',
      ].join("\n"),
    );
  });

  it("accepts a credential set as a secret", () => {
    assert.doesNotThrow(() =>
      parseStackConfig("dev", { ...base, "cloudflare:apiToken": "x" }, ["cloudflare:apiToken"]),
    );
  });
});
