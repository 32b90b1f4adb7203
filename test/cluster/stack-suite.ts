/**
 * The real-cluster checks of one stack, shared by `dev.e2e.ts` and `lab.e2e.ts`: `pulumi up` with
 * the real engine (test/engine/engine.ts) onto a real control plane (test/cluster/control-plane.ts:
 * etcd, kube-apiserver, kube-controller-manager and kube-scheduler, with nodes played by kwok).
 * The stack installs the real charts (cert-manager v1.21.1, Traefik 41.3.0) from their sources in
 * ../shared/upstream through `helm.v3.Release`, with Helm's and the Kubernetes provider's awaits as
 * on a real cluster; cert-manager's controller and webhook and Traefik run as host processes
 * (test/cluster/stack-lane.ts says how, and which parts the test plays). Run with
 * `npm run test:cluster`, which builds what is missing and puts the engine first on PATH.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  ControlPlane,
  SYSTEM_NAMESPACES,
  controlPlaneSkip,
  readyCondition,
  statusMessage,
  until,
  type KubeObject as LiveObject,
} from "./control-plane";
import { runAsync, type Run } from "../helpers/run-async";
import { StackLane, laneConfig, podNetworkIsLocal } from "./stack-lane";
import { appliedObjects } from "./state";
import { pluginProgramCheck } from "./plugin-program";
import {
  chainsTo,
  codes,
  inspectVia,
  inspectViaAsync,
  otherCaFile,
  pemChain,
  writeRoots,
} from "./inspect";
import { Engine, asRendered, engineSkip, keyOf, ok, type KubeObject } from "../engine/engine";

/**
 * The policy pack as the lane's language host can start it (scripts/engine/policy-analyzer.sh:
 * it does what the newer host's RunPlugin does; with the real CLI, pass the folder `policy`).
 */
const POLICY_ANALYZER = join(__dirname, "../../scripts/engine/policy-analyzer.sh");

/** Why the lane cannot run here, or false; under CI=true a missing piece throws instead. */
export const laneSkip = (): string | false =>
  controlPlaneSkip([
    "kube-controller-manager",
    "kube-scheduler",
    "kwok",
    "cert-manager-controller",
    "cert-manager-webhook",
    "traefik",
  ]) || engineSkip("npm run test:cluster");

/** What one stack's run needs beyond the lane's common parts. */
export interface StackSpec {
  readonly stack: string;
  /** kwok nodes (the stack's `tls-edge:nodes`, for anti-affinity and spread). */
  readonly nodes: number;
  /**
   * The stack routes TLS passthrough apps (TLSRoutes): the lane serves each at its pod's address
   * and checks that Traefik passes the connection through.
   */
  readonly passthrough?: boolean;
  /**
   * Also deploy the plugin package's YAML program next to the stack, once it is up, and check
   * it is issued and served (test/cluster/plugin-program.ts).
   */
  readonly pluginProgram?: boolean;
  /** Why this stack's servers cannot run here (Pebble, BIND), or false. */
  readonly skip?: string | false;
  /**
   * Before the project is made: starts the stack's outside servers and makes what the cluster
   * must hold before `up` (namespaces and CRDs other systems own). Returns the config edits, the
   * cert-manager chart values the lane adds, secret config, and the trust for the checks.
   */
  prepare(plane: ControlPlane): Promise<Prepared>;
}

export interface Prepared {
  edit?(config: Record<string, unknown>): void;
  readonly certManagerValues?: Record<string, unknown>;
  /** `pulumi config set --secret` pairs. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** The roots every issued certificate must chain to, once the stack is up. */
  roots(): Promise<X509Certificate[]>;
  /** Whether each Secret's ca.crt must be that root (a CA issuer writes it; ACME does not). */
  readonly caCrt: boolean;
  /**
   * The CA is a test CA (Pebble): `inspect` then reports STAGING_ISSUER for every host, as it
   * should, and that problem stands in for UNTRUSTED, so another CA cannot be told apart.
   */
  readonly testCa?: boolean;
  /** Namespaces other systems own that prepare made (Istio's, the monitoring stack's). */
  readonly namespaces?: readonly string[];
  /** The zone under which a host has no certificate (for the NAME_MISMATCH check). */
  readonly zone: string;
  stop(): Promise<void>;
}

/** Safety nets, not speed claims: 4 attempts a second. */
const READY_ATTEMPTS = 4 * 180;
const GONE_ATTEMPTS = 4 * 180;

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

export function stackSuite(spec: StackSpec): void {
  const STACK = spec.stack;
  describe(
    `pulumi up -s ${STACK} onto a real control plane`,
    { skip: spec.skip || laneSkip() },
    () => {
      let engine: Engine;
      let prepared: Prepared | undefined;
      let plane: ControlPlane;
      let project = "";
      let offline: KubeObject[] = [];
      let lane: StackLane;
      const figures: Record<string, string> = {};

      /** The names of the ingress controller's default certificate (a Certificate named edge-default). */
      const defaultCertificateHosts = (): string[] =>
        offline
          .filter((o) => o.kind === "Certificate" && o.metadata.name === "edge-default")
          .flatMap((o) => o.spec.dnsNames as string[]);
      /** The namespaces the cluster holds before the stack. */
      const preexisting = () => [...SYSTEM_NAMESPACES, ...(prepared?.namespaces ?? [])].sort();
      const pulumi = (...args: string[]) => engine.pulumiIn(project)(...args, "-s", STACK);

      /** The CLI without blocking the event loop, so the test can play its parts meanwhile. */
      const pulumiAsync = (...args: string[]): Promise<Run> =>
        runAsync("pulumi", [...args, "-s", STACK, "--non-interactive"], {
          cwd: project,
          env: engine.env,
        });

      before(async () => {
        engine = new Engine();
        plane = await ControlPlane.start({ nodes: { count: spec.nodes } });
        prepared = await spec.prepare(plane);
        const webhookPort = await plane.startCertManagerWebhook();
        project = engine.makeProject(STACK, (config) => {
          prepared?.edit?.(config);
          laneConfig(config, webhookPort, prepared?.certManagerValues);
        });
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
        for (const [key, value] of Object.entries(prepared.secrets ?? {})) {
          ok(pulumi("config", "set", "--secret", key, value));
        }
      });
      after(async () => {
        for (const [k, v] of Object.entries(figures)) console.log(`# ${k}: ${v}`);
        await lane?.stop();
        await plane?.stop();
        await prepared?.stop();
        engine?.dispose();
      });

      it("the first pulumi up succeeds and every Certificate becomes Ready", async () => {
        const namespaces = (await plane.client.list("/api/v1/namespaces")).map(
          (n) => n["metadata"]["name"],
        );
        assert.deepEqual(namespaces.sort(), preexisting(), "a fresh API server");

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
        await until(
          `every Certificate of ${STACK} Ready`,
          async () => {
            certificates = await plane.client.list("/apis/cert-manager.io/v1/certificates");
            return (
              certificates.length === expected.size && certificates.every((c) => readyCondition(c))
            );
          },
          [],
          READY_ATTEMPTS,
        ).catch((err: Error) => {
          throw new Error(
            `${err.message}\n${JSON.stringify(certificates, null, 1)}\n${plane.logs()}`,
          );
        });
        const last = Math.max(
          ...certificates.map((c) => Date.parse(readyCondition(c)!["lastTransitionTime"])),
        );
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

      it("each certificate carries its names and chains to the stack's CA", async () => {
        const roots = await prepared!.roots();
        for (const [key, names] of expectedCertificates(offline)) {
          const [ns, name] = key.split("/");
          const secret = await plane.client.get(`/api/v1/namespaces/${ns}/secrets/${name}`);
          const data = secret["data"] as Record<string, string>;
          const chain = pemChain(Buffer.from(data["tls.crt"]!, "base64").toString());
          assert.deepEqual(dnsNames(chain[0]!), names, `${key}: SANs`);
          assert.ok(
            chainsTo(chain, roots),
            `${key}: ${chain.map((c) => c.subject).join(" <- ")} does not chain to ${roots.map((r) => r.subject).join(", ")}`,
          );
          if (prepared!.caCrt) {
            assert.ok(
              roots.some(
                (r) =>
                  r.fingerprint256 ===
                  new X509Certificate(Buffer.from(data["ca.crt"]!, "base64")).fingerprint256,
              ),
              `${key}: ca.crt is the stack's CA`,
            );
          }
        }
      });

      it("Traefik serves each host's certificate: tls-edge inspect passes with the stack's CA", async () => {
        // (with a test CA, STAGING_ISSUER is the one problem: the chain verified, the names matched)
        const caFile = await writeRoots(plane, await prepared!.roots());
        // Each host Traefik ends TLS for (a wildcard by a name under it); passthrough hosts reach
        // their app (the next check).
        const passthrough = new Set(
          offline.filter((o) => o.kind === "TLSRoute").flatMap((o) => o.spec.hostnames ?? []),
        );
        const unrouted = new Set(defaultCertificateHosts());
        const hosts = [...new Set([...expectedCertificates(offline).values()].flat())]
          .filter((h) => !passthrough.has(h) && !unrouted.has(h))
          .map((h) => h.replace(/^\*\./, "any."));
        assert.ok(hosts.length >= 2, `hosts: ${hosts.join(", ")}`);
        // Traefik reads routes and Secrets from its watches: each host is served once it has caught
        // up with the cluster, which the loop allows for (4 tries a second, as a safety net).
        const served = (r: ReturnType<typeof inspectVia>) =>
          prepared!.testCa
            ? r.status === 1 && codes(r.stdout).join() === "STAGING_ISSUER"
            : r.status === 0;
        for (const host of hosts) {
          let last = inspectVia(lane.websecure, host, [caFile]);
          await until(
            `Traefik to serve ${host}'s certificate`,
            async () => served((last = inspectVia(lane.websecure, host, [caFile]))),
            plane.running,
            READY_ATTEMPTS,
          ).catch((err: Error) => {
            throw new Error(`${err.message}\n${last.stdout}${last.stderr}\n${plane.logs(200)}`);
          });
        }
      });

      if (spec.passthrough) {
        it("Traefik passes TLS through to each passthrough app: inspect sees the app's certificate", async (t) => {
          const hosts = lane.passthroughHosts().map((h) => h.replace(/^\*\./, "any."));
          assert.ok(hosts.length > 0, `${STACK} routes no passthrough host`);
          if (!(await podNetworkIsLocal())) {
            const reason =
              "pod addresses are not local to this process, so no app can be served at one: " +
              "run the lane through scripts/cluster/netns.sh (npm run test:cluster does)";
            if (process.env["CI"] === "true") throw new Error(reason);
            t.skip(reason);
            return;
          }
          await until(
            "the passthrough apps to serve at their pods' addresses",
            () => lane.servePassthroughApps(),
            plane.running,
            READY_ATTEMPTS,
          );
          // The app ends TLS with its own certificate (from the app owner's CA): inspect trusts it
          // with that CA, and with the stack's CA finds it UNTRUSTED, so Traefik did not end it.
          const appCa = lane.appCaFile();
          const stackCa = await writeRoots(plane, await prepared!.roots());
          for (const host of hosts) {
            // (asynchronously: the app's server runs in this process)
            let last = await inspectViaAsync(lane.websecure, host, [appCa]);
            await until(
              `Traefik to pass ${host} through to its app`,
              async () =>
                (last = await inspectViaAsync(lane.websecure, host, [appCa])).status === 0,
              plane.running,
              READY_ATTEMPTS,
            ).catch((err: Error) => {
              throw new Error(`${err.message}\n${last.stdout}${last.stderr}\n${plane.logs(200)}`);
            });
            assert.deepEqual(codes(last.stdout), [], host);
            const untrusted = await inspectViaAsync(lane.websecure, host, [stackCa]);
            assert.equal(untrusted.status, 1, untrusted.stdout + untrusted.stderr);
            assert.deepEqual(codes(untrusted.stdout), ["UNTRUSTED"], host);
          }
        });
      }

      it("tls-edge inspect names the problem: another CA, a host without a certificate", async () => {
        const host = [...expectedCertificates(offline).values()]
          .flat()
          .find((h) => !h.startsWith("*."))!;
        const test = prepared!.testCa ? ["STAGING_ISSUER"] : [];
        const other = inspectVia(lane.websecure, host, [otherCaFile()]);
        assert.equal(other.status, 1, other.stdout + other.stderr);
        assert.deepEqual(codes(other.stdout), prepared!.testCa ? test : ["UNTRUSTED"]);
        const caFile = await writeRoots(plane, await prepared!.roots());
        // A name no route holds gets the controller's default certificate (NAME_MISMATCH), unless
        // a TLS passthrough Gateway listener shares the entrypoint: Traefik v3.7 then closes such
        // a connection during the handshake, the default certificate's own name included
        // (found by this lane; see docs/development.md, "The real-cluster lane").
        const closed = offline.some((o) => o.kind === "TLSRoute");
        for (const name of [`nothing-here.${prepared!.zone}`, ...defaultCertificateHosts()]) {
          const served = !closed && name !== `nothing-here.${prepared!.zone}`;
          const result = inspectVia(lane.websecure, name, [caFile]);
          assert.equal(
            result.status,
            served && !prepared!.testCa ? 0 : 1,
            result.stdout + result.stderr,
          );
          assert.deepEqual(
            codes(result.stdout),
            closed ? ["HANDSHAKE_FAILED"] : served ? test : ["NAME_MISMATCH", ...test].sort(),
            name,
          );
        }
      });

      it("the engine applied what tls-edge render shows, object for object", async () => {
        const applied = await appliedObjects(
          ok(pulumi("stack", "export", "--show-secrets")),
          plane.client,
        );
        const ca = applied.find((o) => o.kind === "Secret" && o.metadata.name.endsWith("-ca"));
        const caPem = ca?.data?.["tls.crt"];
        const expected = new Map(offline.map((o) => [keyOf(o), o] as const));
        assert.deepEqual(applied.map(keyOf).sort(), [...expected.keys()].sort());
        for (const o of applied) {
          const live = await plane.client.request("GET", await plane.client.objectPath(o));
          assert.equal(live.status, 200, `${keyOf(o)} is in the cluster: ${statusMessage(live)}`);
          assert.deepEqual(
            asRendered(
              o,
              caPem === undefined ? undefined : Buffer.from(caPem, "base64").toString(),
            ),
            expected.get(keyOf(o)),
            keyOf(o),
          );
        }
      });

      it("pulumi preview --policy-pack passes the stack through the real analyzer", () => {
        const preview = pulumi("preview", "--policy-pack", POLICY_ANALYZER);
        ok(preview);
        assert.match(preview.stdout, /✅ tls-edge@v0\.1\.0/);
      });

      it("a second pulumi up changes nothing", () => {
        const again = pulumi("up", "--yes", "--expect-no-changes", "--diff");
        ok(again);
        assert.match(again.stdout, /\d+ unchanged/);
      });

      if (spec.pluginProgram) pluginProgramCheck(() => ({ engine, plane, lane, figures }));

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
              .filter((n) => !preexisting().includes(n["metadata"]["name"]))
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
          // A kind no longer served went with its CRD (the stack's Gateway API CRDs).
          if (!(await client.serves(o.apiVersion, o.kind))) continue;
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
    },
  );
}
