/**
 * `pulumi up -s dev` with the real engine (test/engine/engine.ts) onto a real control plane
 * (test/cluster/control-plane.ts): etcd, kube-apiserver, kube-controller-manager and
 * kube-scheduler, with nodes played by kwok. The stack installs the real charts (cert-manager
 * v1.21.1, Traefik 41.3.0) from their sources in ../shared/upstream through `helm.v3.Release`,
 * with Helm's and the Kubernetes provider's awaits as on a real cluster; cert-manager's controller
 * and webhook and Traefik run as host processes (test/cluster/stack-lane.ts says how, and which
 * parts are played by the test). Run with `npm run test:cluster`, which builds what is missing
 * and puts the engine first on PATH.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  ControlPlane,
  SYSTEM_NAMESPACES,
  controlPlaneSkip,
  statusMessage,
  until,
  type KubeObject as LiveObject,
} from "./control-plane";
import { StackLane, laneConfig } from "./stack-lane";
import { codes, inspectVia, otherCaFile, writeStackCa } from "./inspect";
import { Engine, asRendered, engineSkip, keyOf, ok, type KubeObject } from "../engine/engine";

const STACK = "dev";
const skip =
  controlPlaneSkip([
    "kube-controller-manager",
    "kube-scheduler",
    "kwok",
    "cert-manager-controller",
    "cert-manager-webhook",
    "traefik",
  ]) || engineSkip("npm run test:cluster");

/** Safety nets, not speed claims: 4 attempts a second. */
const READY_ATTEMPTS = 4 * 180;
const GONE_ATTEMPTS = 4 * 180;

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The ingress annotations by which cert-manager's ingress-shim makes a Certificate. */
const SHIM_ANNOTATIONS = ["cert-manager.io/cluster-issuer", "cert-manager.io/issuer"];

/** What each Certificate's Secret must certify: `<namespace>/<secretName>` to sorted names. */
function expectedCertificates(objects: readonly KubeObject[]): Map<string, string[]> {
  const expected = new Map<string, string[]>();
  for (const o of objects) {
    const ns = o.metadata.namespace ?? "default";
    if (o.apiVersion === "cert-manager.io/v1" && o.kind === "Certificate") {
      expected.set(`${ns}/${o.spec.secretName}`, [...o.spec.dnsNames].sort());
    }
    const annotations = o.metadata.annotations ?? {};
    if (o.kind === "Ingress" && SHIM_ANNOTATIONS.some((a) => a in annotations)) {
      for (const tls of o.spec.tls ?? []) {
        expected.set(`${ns}/${tls.secretName}`, [...tls.hosts].sort());
      }
    }
  }
  return expected;
}

/** The DNS names of a certificate's subjectAltName ("DNS:a, DNS:b"). */
function dnsNames(cert: X509Certificate): string[] {
  return (cert.subjectAltName ?? "")
    .split(", ")
    .filter((n) => n.startsWith("DNS:"))
    .map((n) => n.slice(4))
    .sort();
}

/** The signature Pulumi's state marks a secret value with (sdk/go/common/resource/sig). */
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** State inputs with each secret, as `stack export --show-secrets` writes it, in plain text. */
function revealed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revealed);
  if (value === null || typeof value !== "object") return value;
  const o = value as Record<string, unknown>;
  if (o["4dabf18193072939515e22adb298388d"] === SECRET_SIG) {
    return revealed(JSON.parse(o["plaintext"] as string));
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, revealed(v)]));
}

const firstPem = (pem: string) =>
  new X509Certificate(pem.slice(0, pem.indexOf("-----END CERTIFICATE-----") + 25));

describe(`pulumi up -s ${STACK} onto a real control plane`, { skip }, () => {
  let engine: Engine;
  let plane: ControlPlane;
  let project = "";
  let offline: KubeObject[] = [];
  let lane: StackLane;
  const figures: Record<string, string> = {};

  const pulumi = (...args: string[]) => engine.pulumiIn(project)(...args, "-s", STACK);

  /** The CLI without blocking the event loop, so the test can play its parts meanwhile. */
  function pulumiAsync(...args: string[]): Promise<Run> {
    return new Promise((resolve, reject) => {
      const child = spawn("pulumi", [...args, "-s", STACK, "--non-interactive"], {
        cwd: project,
        env: engine.env,
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
  }

  before(async () => {
    engine = new Engine();
    plane = await ControlPlane.start({ nodes: { count: 1 } });
    const webhookPort = await plane.startCertManagerWebhook();
    project = engine.makeProject(STACK, (config) => laneConfig(config, webhookPort));
    offline = engine.offlineManifests(project, STACK);
    lane = new StackLane(plane, offline);
    ok(engine.pulumiIn(project)("stack", "init", STACK));
    // The provider reads the kubeconfig's contents from its config, kept encrypted in the state.
    ok(
      pulumi(
        "config",
        "set",
        "--secret",
        "kubernetes:kubeconfig",
        readFileSync(plane.kubeconfig, "utf8"),
      ),
    );
  });
  after(async () => {
    for (const [k, v] of Object.entries(figures)) console.log(`# ${k}: ${v}`);
    await plane?.stop();
    engine?.dispose();
  });

  it("the first pulumi up succeeds and every Certificate becomes Ready", async () => {
    const namespaces = (await plane.client.list("/api/v1/namespaces")).map(
      (n) => n["metadata"]["name"],
    );
    assert.deepEqual(namespaces.sort(), SYSTEM_NAMESPACES, "a fresh API server");

    const start = Date.now();
    const done = { value: false };
    const playing = lane.play(done);
    const up = await pulumiAsync("up", "--yes", "--skip-preview").finally(() => {
      done.value = true;
    });
    await playing;
    figures["pulumi up"] = `${((Date.now() - start) / 1000).toFixed(1)} s`;
    assert.equal(up.status, 0, `${up.stdout}\n${up.stderr}\n${plane.logs()}`);
    assert.match(up.stdout, /Resources:\s+\+ \d+ created/);

    const expected = expectedCertificates(offline);
    assert.ok(expected.size >= 3, `dev declares ${expected.size} certificates`);
    let certificates: LiveObject[] = [];
    const ready = (c: LiveObject) =>
      ((c["status"]?.["conditions"] ?? []) as LiveObject[]).find(
        (x) => x["type"] === "Ready" && x["status"] === "True",
      );
    await until(
      `every Certificate of ${STACK} Ready`,
      async () => {
        certificates = await plane.client.list("/apis/cert-manager.io/v1/certificates");
        return certificates.length === expected.size && certificates.every((c) => ready(c));
      },
      [],
      READY_ATTEMPTS,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${JSON.stringify(certificates, null, 1)}\n${plane.logs()}`);
    });
    const last = Math.max(...certificates.map((c) => Date.parse(ready(c)!["lastTransitionTime"])));
    figures["up start to last Certificate Ready"] = `${((last - start) / 1000).toFixed(1)} s`;
    assert.deepEqual(
      new Map(
        certificates.map((c) => [
          `${c["metadata"]["namespace"]}/${c["spec"]["secretName"]}`,
          [...c["spec"]["dnsNames"]].sort(),
        ]),
      ),
      expected,
    );
  });

  it("each certificate carries its names and chains to the stack's internal CA", async () => {
    const { client } = plane;
    const caSecret = offline.find((o) => o.kind === "Secret" && o.metadata.name.endsWith("-ca"));
    assert.ok(caSecret, "dev renders its internal CA's Secret");
    const caData = (
      await client.get(
        `/api/v1/namespaces/${caSecret.metadata.namespace}/secrets/${caSecret.metadata.name}`,
      )
    )["data"] as Record<string, string>;
    const ca = new X509Certificate(Buffer.from(caData["tls.crt"]!, "base64"));
    assert.ok(ca.ca, "the internal CA's certificate is a CA");

    for (const [key, names] of expectedCertificates(offline)) {
      const [ns, name] = key.split("/");
      const secret = await client.get(`/api/v1/namespaces/${ns}/secrets/${name}`);
      const data = secret["data"] as Record<string, string>;
      const leaf = firstPem(Buffer.from(data["tls.crt"]!, "base64").toString());
      assert.deepEqual(dnsNames(leaf), names, `${key}: SANs`);
      assert.ok(leaf.checkIssued(ca), `${key}: issued by ${ca.subject}, not ${leaf.issuer}`);
      assert.ok(leaf.verify(ca.publicKey), `${key}: signature verifies against the internal CA`);
      assert.equal(
        new X509Certificate(Buffer.from(data["ca.crt"]!, "base64")).fingerprint256,
        ca.fingerprint256,
        `${key}: ca.crt is the internal CA`,
      );
    }
  });

  it("Traefik serves each host's certificate: tls-edge inspect passes with the stack's CA", async () => {
    const caFile = await writeStackCa(plane, offline);
    const hosts = [...expectedCertificates(offline).values()]
      .flat()
      .filter((h) => !h.startsWith("*."));
    assert.ok(hosts.length >= 3, `hosts: ${hosts.join(", ")}`);
    // Traefik reads routes and Secrets from its watches: each host is served once it has caught
    // up with the cluster, which the loop allows for (4 tries a second, as a safety net).
    for (const host of hosts) {
      let last = inspectVia(lane.websecure, host, [caFile]);
      await until(
        `Traefik to serve ${host}'s certificate`,
        async () => (last = inspectVia(lane.websecure, host, [caFile])).status === 0,
        plane.running,
        READY_ATTEMPTS,
      ).catch((err: Error) => {
        throw new Error(`${err.message}\n${last.stdout}${last.stderr}\n${plane.logs(200)}`);
      });
    }
  });

  it("tls-edge inspect names the problem: another CA, a host without a certificate", async () => {
    const host = [...expectedCertificates(offline).values()]
      .flat()
      .find((h) => !h.startsWith("*."))!;
    const other = inspectVia(lane.websecure, host, [otherCaFile()]);
    assert.equal(other.status, 1, other.stdout + other.stderr);
    assert.deepEqual(codes(other.stdout), ["UNTRUSTED"]);
    const caFile = await writeStackCa(plane, offline);
    const unknown = inspectVia(lane.websecure, `nothing-here.${STACK}.tls-edge.localhost`, [
      caFile,
    ]);
    assert.equal(unknown.status, 1, unknown.stdout + unknown.stderr);
    assert.deepEqual(codes(unknown.stdout), ["NAME_MISMATCH"]);
  });

  it("the engine applied what tls-edge render shows, object for object", async () => {
    const exported = JSON.parse(ok(pulumi("stack", "export", "--show-secrets"))) as {
      deployment: { resources: Array<{ type: string; inputs: Record<string, unknown> }> };
    };
    const applied: KubeObject[] = [];
    for (const r of exported.deployment.resources) {
      if (!r.type.startsWith("kubernetes:") || r.type === "kubernetes:helm.sh/v3:Release") continue;
      const o = revealed(r.inputs) as KubeObject;
      // A kind whose CRD the same update installs (a chart's) is unknown to the provider at
      // preview, which then records the default namespace even for a cluster-scoped one; the
      // API server keeps it cluster-scoped.
      if (!(await plane.client.isNamespaced(o.apiVersion, o.kind))) delete o.metadata.namespace;
      applied.push(o);
    }
    const caPem = applied.find((o) => o.kind === "Secret")?.data?.["tls.crt"];
    assert.ok(caPem, "the internal CA's Secret was applied");
    const expected = new Map(offline.map((o) => [keyOf(o), o] as const));
    assert.deepEqual(applied.map(keyOf).sort(), [...expected.keys()].sort());
    for (const o of applied) {
      const live = await plane.client.request("GET", await plane.client.objectPath(o));
      assert.equal(live.status, 200, `${keyOf(o)} is in the cluster: ${statusMessage(live)}`);
      assert.deepEqual(
        asRendered(o, Buffer.from(caPem, "base64").toString()),
        expected.get(keyOf(o)),
        keyOf(o),
      );
    }
  });

  it("a second pulumi up changes nothing", () => {
    const again = pulumi("up", "--yes", "--expect-no-changes");
    ok(again);
    assert.match(again.stdout, /\d+ unchanged/);
  });

  it("pulumi destroy leaves no object of the stack and no namespace terminating", async () => {
    const start = Date.now();
    const destroy = await pulumiAsync("destroy", "--yes", "--skip-preview");
    figures["pulumi destroy"] = `${((Date.now() - start) / 1000).toFixed(1)} s`;
    assert.equal(destroy.status, 0, `${destroy.stdout}\n${destroy.stderr}\n${plane.logs()}`);
    const { client } = plane;
    let left: string[] = [];
    await until(
      "the stack's namespaces to be deleted",
      async () => {
        const namespaces = await client.list("/api/v1/namespaces");
        left = namespaces
          .filter((n) => !SYSTEM_NAMESPACES.includes(n["metadata"]["name"]))
          .map((n) => `${n["metadata"]["name"]} (${n["status"]?.["phase"]})`);
        return left.length === 0;
      },
      [],
      GONE_ATTEMPTS,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; left: ${left.join(", ")}\n${plane.logs()}`);
    });
    const remaining: string[] = [];
    for (const o of offline) {
      const res = await client.request("GET", await client.objectPath(o));
      if (res.status !== 404) remaining.push(`${keyOf(o)}: ${res.status}`);
    }
    for (const kind of ["certificates", "certificaterequests"]) {
      for (const c of await client.list(`/apis/cert-manager.io/v1/${kind}`)) {
        remaining.push(`${kind} ${c["metadata"]["namespace"]}/${c["metadata"]["name"]}`);
      }
    }
    assert.deepEqual(remaining, []);
  });
});
