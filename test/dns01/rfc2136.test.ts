/**
 * Rfc2136Dns01: the solver block and TSIG Secret an AcmeIssuer takes, checked against
 * cert-manager v1.21.1's own CRDs; bad arguments refused with every problem named before
 * anything is registered; the TSIG secret secret wherever it goes.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { useMocks, checkAll, inputsOf, settle, kubernetesObjects } from "../helpers/mocks";
import { assertSecretOutputs } from "../helpers/secrets";
import { crdSchemaProblems, crdsIn } from "../helpers/crd-schema";
import { UPSTREAM } from "../helpers/helm";
import { failsOnceKnown } from "../helpers/offline-cli";
import { isSecretValue } from "../../cli/offline/engine-wire";

const engine = useMocks({ preview: false });

const CERT_MANAGER_CRDS = join(UPSTREAM, "cert-manager-v1.21.1/deploy/crds");
// A secret as `tsig-keygen -a hmac-sha256` prints it (32 random bytes).
const SECRET = "q7SM5PY1xMH7vM+uJ0qkdGx3X8Eqb1rJ9b4cE1n2b6U=";
const PEBBLE = "https://127.0.0.1:14000/dir";
const PEBBLE_STAGING = "https://127.0.0.1:14001/dir";
const CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";
const CA_BUNDLE = Buffer.from(CA_PEM).toString("base64");

type M = typeof import("../../components/index.js");

function value<T>(output: { apply(f: (v: T) => void): unknown }): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

describe("Rfc2136Dns01", () => {
  let m: M;
  let cluster: InstanceType<M["Rfc2136Dns01"]>;
  let namespaced: InstanceType<M["Rfc2136Dns01"]>;

  before(async () => {
    m = await import("../../components/index.js");
    cluster = new m.Rfc2136Dns01("lab-dns", {
      dnsZones: ["lab.tls-edge.test"],
      nameserver: "127.0.0.1:5353",
      tsigKeyName: "tls-edge-lab",
      tsigAlgorithm: "HMACSHA256",
      tsigSecret: SECRET,
    });
    namespaced = new m.Rfc2136Dns01("corp-dns", {
      dnsZones: ["corp.example"],
      nameserver: "[2001:db8::53]",
      tsigKeyName: pulumiOutput("acme-update."),
      tsigSecret: pulumiSecret(SECRET),
      protocol: "TCP",
      namespace: "apps",
      secretName: "corp-tsig",
    });
    new m.AcmeIssuer("lab", {
      server: PEBBLE,
      stagingServer: PEBBLE_STAGING,
      caBundle: CA_BUNDLE,
      dns01: [cluster],
    });
    new m.AcmeIssuer("corp", { server: PEBBLE, namespace: "apps", dns01: [namespaced] });
    await settle();
  });

  // Outputs made after setMocks, so the mocked runtime owns them.
  function pulumiOutput(v: string): string {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require("@pulumi/pulumi") as typeof import("@pulumi/pulumi")).output(
      v,
    ) as unknown as string;
  }
  function pulumiSecret(v: string): string {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require("@pulumi/pulumi") as typeof import("@pulumi/pulumi")).secret(
      v,
    ) as unknown as string;
  }

  it("passes cert-manager v1.21.1's CRD schemas, the strict schema and the secrets check", async () => {
    await checkAll(engine);
    const crds = crdsIn(CERT_MANAGER_CRDS);
    const issuers = kubernetesObjects(engine).filter((o) => o.apiVersion === "cert-manager.io/v1");
    assert.deepEqual(issuers.map((o) => `${o.kind}/${o.metadata?.name}`).sort(), [
      "ClusterIssuer/lab",
      "ClusterIssuer/lab-staging",
      "Issuer/corp",
    ]);
    assert.deepEqual(
      issuers.flatMap((o) => crdSchemaProblems(crds, o as unknown as Record<string, unknown>)),
      [],
    );
    await assertSecretOutputs(cluster, ["tsigSecret"]);
    await assertSecretOutputs(namespaced, ["tsigSecret"]);
  });

  it("a ClusterIssuer's TSIG Secret goes to the cluster resource namespace, as a secret", async () => {
    assert.equal(engine.named("lab-dns").type, "tls-edge:dns01:Rfc2136Dns01");
    const secret = engine.named("lab-dns-credentials");
    assert.equal(secret.parent, engine.named("lab-dns").urn);
    assert.ok(isSecretValue(secret.inputs["stringData"]), "the TSIG secret is a Pulumi secret");
    assert.deepEqual(inputsOf(engine, "lab-dns-credentials"), {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "lab-dns-tsig", namespace: "cert-manager" },
      type: "Opaque",
      stringData: { "tsig-secret-key": SECRET },
    });
    assert.deepEqual(await value(cluster.solver), {
      dns01: {
        rfc2136: {
          nameserver: "127.0.0.1:5353",
          tsigKeyName: "tls-edge-lab",
          tsigAlgorithm: "HMACSHA256",
          tsigSecretSecretRef: { name: "lab-dns-tsig", key: "tsig-secret-key" },
        },
      },
      dnsZones: ["lab.tls-edge.test"],
    });
  });

  it("the issuer and its staging twin select it by zone, trust the CA bundle, wait for the Secret", () => {
    const solvers = [
      {
        dns01: {
          rfc2136: {
            nameserver: "127.0.0.1:5353",
            tsigKeyName: "tls-edge-lab",
            tsigAlgorithm: "HMACSHA256",
            tsigSecretSecretRef: { name: "lab-dns-tsig", key: "tsig-secret-key" },
          },
        },
        selector: { dnsZones: ["lab.tls-edge.test"] },
      },
    ];
    for (const [name, server] of [
      ["lab", PEBBLE],
      ["lab-staging", PEBBLE_STAGING],
    ] as const) {
      assert.deepEqual(inputsOf(engine, `${name}-issuer`)["spec"], {
        acme: {
          server,
          privateKeySecretRef: { name: `${name}-account-key` },
          caBundle: CA_BUNDLE,
          solvers,
        },
      });
      const issuer = engine.named(`${name}-issuer`);
      assert.ok(issuer.dependencies.includes(engine.named("lab-dns-credentials").urn));
    }
    assert.equal(engine.named("lab-staging").parent, engine.named("lab").urn);
  });

  it("a namespaced Issuer's Secret sits beside it; IPv6 in brackets, the default algorithm, TCP", async () => {
    assert.deepEqual(inputsOf(engine, "corp-dns-credentials")["metadata"], {
      name: "corp-tsig",
      namespace: "apps",
    });
    assert.equal(namespaced.tsigAlgorithm, "HMACMD5");
    assert.deepEqual((await value(namespaced.solver)).dns01, {
      rfc2136: {
        nameserver: "[2001:db8::53]",
        tsigKeyName: "acme-update.",
        tsigAlgorithm: "HMACMD5",
        tsigSecretSecretRef: { name: "corp-tsig", key: "tsig-secret-key" },
        protocol: "TCP",
      },
    });
  });
});

describe("Rfc2136Dns01 validation", () => {
  let m: M;
  before(async () => {
    m = await import("../../components/index.js");
  });

  async function rejects(make: () => unknown, lines: string[]): Promise<void> {
    const before = engine.resources.length;
    assert.throws(make, (e: Error) => {
      assert.equal(e.message, lines.join("\n"));
      assert.ok(!e.message.includes("not-base64"), "the secret is not shown");
      return true;
    });
    await settle();
    assert.equal(engine.resources.length, before, "nothing is registered");
  }

  it("names every bad argument and the fix, never the secret", async () => {
    await rejects(
      () =>
        new m.Rfc2136Dns01("bad", {
          dnsZones: ["*.lab.test"],
          nameserver: "2001:db8::53",
          tsigKeyName: "key with spaces",
          tsigAlgorithm: "hmac-sha256" as "HMACSHA256",
          tsigSecret: "not-base64!",
          protocol: "tcp" as "TCP",
          namespace: "Apps",
        }),
      [
        'Rfc2136Dns01Args.dnsZones[0]: "*.lab.test" is not a DNS zone name; give the zone in lower case without wildcard or trailing dot, e.g. "example.com"',
        "Rfc2136Dns01Args.namespace: \"Apps\" is not a valid namespace name; use lower-case letters, digits and '-', at most 63 characters, or omit it for a ClusterIssuer",
        'Rfc2136Dns01Args.nameserver: "2001:db8::53" is an IPv6 address without brackets; give host:port, IP:port or [IPv6]:port, e.g. "192.0.2.53:53" or "[2001:db8::53]:53"',
        'Rfc2136Dns01Args.tsigKeyName: "key with spaces" is not a TSIG key name; give the key\'s name as the server knows it (key "<name>" in BIND), e.g. "acme-update"',
        'Rfc2136Dns01Args.tsigAlgorithm: "hmac-sha256" is not a TSIG algorithm name; write it as cert-manager does: "HMACSHA256"',
        'Rfc2136Dns01Args.tsigSecret: is not base64 (the value is not shown); give the key\'s secret exactly as tsig-keygen prints it (secret "..."), padding included',
        'Rfc2136Dns01Args.protocol: "tcp" is not a protocol; use "TCP" or "UDP"',
      ],
    );
  });

  it("missing nameserver, key name and secret; an algorithm cert-manager does not know", async () => {
    await rejects(
      () =>
        new m.Rfc2136Dns01("bad", {
          dnsZones: [],
          nameserver: " ",
          tsigAlgorithm: "HMACSHA384" as "HMACSHA256",
        } as unknown as ConstructorParameters<M["Rfc2136Dns01"]>[1]),
      [
        'Rfc2136Dns01Args.dnsZones: no zone given; list the DNS zones these credentials answer for, e.g. ["example.com"]',
        'Rfc2136Dns01Args.nameserver: no nameserver given; give the primary server of the zones as host:port, e.g. "192.0.2.53:53" or "[2001:db8::53]:53"',
        'Rfc2136Dns01Args.tsigKeyName: no TSIG key name given; give the key\'s name as the server knows it (key "<name>" in BIND), e.g. "acme-update"',
        'Rfc2136Dns01Args.tsigAlgorithm: "HMACSHA384" is not a TSIG algorithm name; use one cert-manager accepts: HMACMD5, HMACSHA1, HMACSHA256, HMACSHA512',
        "Rfc2136Dns01Args.tsigSecret: no TSIG secret given; give the key's secret, base64 as tsig-keygen prints it",
      ],
    );
  });

  it("nameservers: what cert-manager takes passes, what it cannot reach is refused", async () => {
    const { nameserverProblem } = await import("../../components/dns01/rfc2136.js");
    for (const ok of [
      "127.0.0.1:5353",
      "192.0.2.53",
      "[2001:db8::1]:53",
      "[::1]",
      "ns1.example.com:53",
      "ns1.example.com.",
    ]) {
      assert.equal(nameserverProblem(ok), undefined, ok);
    }
    const bad: [string, string][] = [
      ["2001:db8::1", "is an IPv6 address without brackets"],
      ["[192.0.2.1]:53", "has brackets around something that is not an IPv6 address"],
      [":53", "has no host"],
      ["192.0.2.1:", "has a port that is not a number from 1 to 65535"],
      ["192.0.2.1:70000", "has a port that is not a number from 1 to 65535"],
      ["192.0.2:53", "has a host that is neither an IP address nor a host name"],
      ["ns_1.example.com", "has a host that is neither an IP address nor a host name"],
      ["https://ns1.example.com", "is a URL or path, not an address"],
    ];
    for (const [ns, why] of bad) assert.equal(nameserverProblem(ns), why, ns);
  });
});

describe("Rfc2136Dns01 arguments known only at deployment", () => {
  failsOnceKnown(join(__dirname, "output-args-program.ts"), [
    [
      "rfc2136-secret-not-base64",
      'Rfc2136Dns01Args.tsigSecret: is not base64 (the value is not shown); give the key\'s secret exactly as tsig-keygen prints it (secret "..."), padding included',
    ],
    [
      "rfc2136-nameserver-unbracketed",
      'Rfc2136Dns01Args.nameserver: "::1" is an IPv6 address without brackets; give host:port, IP:port or [IPv6]:port, e.g. "192.0.2.53:53" or "[2001:db8::53]:53"',
    ],
  ]);
});
