/**
 * A real Kubernetes control plane for tests: etcd and kube-apiserver, built from Go modules by
 * `scripts/cluster/build.sh` into `$TLS_EDGE_CLUSTER_DIR/bin` (default
 * ~/.cache/tls-edge-cluster/bin), run as local processes on 127.0.0.1 with a scratch data
 * folder. The API server authenticates clients by certificate (an admin in system:masters) and
 * authorizes with the Node and RBAC authorizers, as kubeadm sets it up.
 *
 * On request it also runs kube-controller-manager (namespace deletion, garbage collection,
 * ServiceAccounts and their tokens, the root CA ConfigMap, endpoints, Deployments and Jobs),
 * kube-scheduler and kwok (nodes whose pods become Running and Ready without running: there is
 * no kubelet or container runtime), and cert-manager's controller and webhook as host processes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { Agent, request } from "node:https";
import { request as httpRequest } from "node:http";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { stringify } from "yaml";
import { Pki, type Issued } from "../helpers/pki";
import { freePort } from "../helpers/ports";

/** Where scripts/cluster/build.sh puts its binaries. */
export const CLUSTER_BIN = join(
  process.env["TLS_EDGE_CLUSTER_DIR"] ?? join(homedir(), ".cache/tls-edge-cluster"),
  "bin",
);
const ETCD = join(CLUSTER_BIN, "etcd");
const KUBE_APISERVER = join(CLUSTER_BIN, "kube-apiserver");

/** Pieces beyond etcd and kube-apiserver a test may need (scripts/cluster/build.sh names). */
export type ClusterExtra =
  | "kube-controller-manager"
  | "kube-scheduler"
  | "kwok"
  | "cert-manager-controller"
  | "cert-manager-webhook"
  | "traefik";

/** The namespaces a fresh API server makes for itself. */
export const SYSTEM_NAMESPACES = ["default", "kube-node-lease", "kube-public", "kube-system"];

/**
 * Why the control plane cannot run here (for `describe(..., { skip })`), or false when it can.
 * Under CI=true missing binaries throw instead: the lane must not pass by skipping.
 */
export function controlPlaneSkip(extras: readonly ClusterExtra[] = []): string | false {
  const missing = [ETCD, KUBE_APISERVER, ...extras.map((e) => join(CLUSTER_BIN, e))].filter(
    (b) => !existsSync(b),
  );
  if (missing.length === 0) return false;
  const reason =
    `${missing.join(", ")} not built: run \`npm run test:cluster\` ` +
    "(or `bash scripts/cluster/build.sh all` first)";
  if (process.env["CI"] === "true") throw new Error(`${reason} (required under CI)`);
  return reason;
}

/** An object as the API server returns it: walked freely in tests, so its fields are untyped. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KubeObject = Record<string, any>;

export interface KubeResponse {
  readonly status: number;
  readonly body: KubeObject;
}

/** The message of a Kubernetes `Status` answer, or the raw body when it is something else. */
export function statusMessage(res: KubeResponse): string {
  const message = res.body["message"];
  return typeof message === "string" ? message : JSON.stringify(res.body);
}

interface ApiResource {
  readonly name: string;
  readonly namespaced: boolean;
}

/** A small REST client for the API server, authenticated by the admin client certificate. */
export class KubeClient {
  private readonly agent: Agent;
  private readonly discovery = new Map<string, Map<string, ApiResource>>();

  constructor(
    readonly server: string,
    ca: string,
    admin: Issued,
  ) {
    this.agent = new Agent({ ca, cert: admin.cert, key: admin.key, keepAlive: true });
  }

  request(method: string, path: string, body?: string, contentType?: string) {
    return new Promise<KubeResponse>((resolve, reject) => {
      const req = request(
        `${this.server}${path}`,
        {
          method,
          agent: this.agent,
          headers: {
            accept: "application/json",
            ...(body !== undefined
              ? {
                  "content-type": contentType ?? "application/json",
                  "content-length": Buffer.byteLength(body),
                }
              : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed: KubeObject;
            try {
              parsed = JSON.parse(text) as KubeObject;
            } catch {
              parsed = { message: text };
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  /** GET that must succeed. */
  async get(path: string): Promise<KubeObject> {
    const res = await this.request("GET", path);
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${statusMessage(res)}`);
    return res.body;
  }

  /** The items of a list. */
  async list(path: string): Promise<KubeObject[]> {
    return ((await this.get(path))["items"] ?? []) as KubeObject[];
  }

  /** The resources a group version serves, by kind; undefined while it is not served. */
  private async resources(apiVersion: string, refresh: boolean) {
    if (!refresh && this.discovery.has(apiVersion)) return this.discovery.get(apiVersion);
    const res = await this.request("GET", apiVersion === "v1" ? "/api/v1" : `/apis/${apiVersion}`);
    if (res.status === 404) return undefined;
    if (res.status !== 200) {
      throw new Error(`discovery of ${apiVersion}: ${res.status} ${statusMessage(res)}`);
    }
    const byKind = new Map<string, ApiResource>();
    for (const r of (res.body["resources"] ?? []) as KubeObject[]) {
      if (!String(r["name"]).includes("/")) byKind.set(r["kind"], r as ApiResource);
    }
    this.discovery.set(apiVersion, byKind);
    return byKind;
  }

  /** Whether the server serves this kind now (asks again rather than trusting the cache). */
  async serves(apiVersion: string, kind: string): Promise<boolean> {
    return (await this.resources(apiVersion, true))?.has(kind) ?? false;
  }

  /** Whether the server keeps this kind in namespaces. */
  async isNamespaced(apiVersion: string, kind: string): Promise<boolean> {
    const resource = (await this.resources(apiVersion, true))?.get(kind);
    if (resource === undefined)
      throw new Error(`the API server does not serve ${apiVersion} ${kind}`);
    return resource.namespaced;
  }

  /** The REST path of an object (or of its collection, without a name). */
  async pathOf(apiVersion: string, kind: string, namespace?: string, name?: string) {
    const resource =
      (await this.resources(apiVersion, false))?.get(kind) ??
      (await this.resources(apiVersion, true))?.get(kind);
    if (resource === undefined)
      throw new Error(`the API server does not serve ${apiVersion} ${kind}`);
    const base = apiVersion === "v1" ? "/api/v1" : `/apis/${apiVersion}`;
    const ns = resource.namespaced ? `/namespaces/${namespace ?? "default"}` : "";
    return `${base}${ns}/${resource.name}${name === undefined ? "" : `/${name}`}`;
  }

  /** The path of a manifest's object. */
  objectPath(o: KubeObject): Promise<string> {
    return this.pathOf(
      o["apiVersion"],
      o["kind"],
      o["metadata"]?.["namespace"],
      o["metadata"]?.["name"],
    );
  }

  /**
   * Server-side apply, as `kubectl apply --server-side --force-conflicts` does it (field manager
   * `tls-edge`), with kubectl's default strict field validation: an unknown or duplicate field
   * is refused with its name rather than dropped. The answer is returned as is: the caller
   * decides what a rejection means.
   */
  async apply(o: KubeObject): Promise<KubeResponse> {
    const path = await this.objectPath(o);
    // JSON is YAML, which application/apply-patch+yaml takes.
    return this.request(
      "PATCH",
      `${path}?fieldManager=tls-edge&force=true&fieldValidation=Strict`,
      JSON.stringify(o),
      "application/apply-patch+yaml",
    );
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface Running {
  readonly name: string;
  readonly child: ChildProcess;
  readonly log: string;
  exit?: string;
}

function logTail(p: Running, lines = 30): string {
  try {
    return readFileSync(p.log, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/** An object's `Ready` condition when it is `True` (a node's, a Certificate's), else undefined. */
export function readyCondition(o: KubeObject | undefined): KubeObject | undefined {
  return ((o?.["status"]?.["conditions"] ?? []) as KubeObject[]).find(
    (c) => c["type"] === "Ready" && c["status"] === "True",
  );
}

/**
 * Polls `check` every 250 ms until it answers true (a throw counts as false); throws with `what`
 * after `attempts` tries, or as soon as one of `processes` has exited, with its log.
 */
export async function until(
  what: string,
  check: () => Promise<boolean>,
  processes: readonly Running[] = [],
  attempts = 600,
): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    const dead = processes.find((p) => p.exit !== undefined);
    if (dead) {
      throw new Error(
        `${dead.name} exited (${dead.exit}) while waiting for ${what}:\n${logTail(dead)}`,
      );
    }
    if (await check().catch(() => false)) return;
    await delay(250);
  }
  throw new Error(
    [`gave up waiting for ${what} after ${attempts} tries`]
      .concat(processes.map((p) => `--- ${p.name}\n${logTail(p)}`))
      .join("\n"),
  );
}

function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpRequest(url, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("error", () => resolve(false));
    req.end();
  });
}

/** Options of a control plane. */
export interface ControlPlaneOptions {
  /** Service ClusterIP range. @default "10.96.0.0/16" */
  readonly serviceClusterIpRange?: string;
  /** Also run kube-controller-manager, and wait until its controllers act. @default false */
  readonly controllerManager?: boolean;
  /**
   * Nodes played by kwok, with kube-scheduler placing pods on them: each gets kwok's status
   * (Ready, addresses, capacity), and every pod bound to one becomes Running and Ready, or
   * Succeeded when a Job owns it, as kwokctl's default Stages do. Node i is in zone
   * `zone-<i mod zones>`. Implies controllerManager.
   */
  readonly nodes?: { readonly count: number; readonly zones?: number };
}

/** The annotation kwok manages nodes by (kwokctl's `kwok.x-k8s.io/node: fake`). */
const KWOK_NODE_ANNOTATION = "kwok.x-k8s.io/node";

/**
 * kube-controller-manager's controllers that act on nodes (cmd/kube-controller-manager/names/
 * controller_names.go at the built release; the cloud ones left it for the cloud controller
 * manager, and naming them is an error): without a kubelet there is nothing for them.
 */
const NODE_CONTROLLERS = [
  "node-ipam-controller",
  "node-lifecycle-controller",
  "taint-eviction-controller",
  "device-taint-eviction-controller",
  "persistentvolume-attach-detach-controller",
];

/**
 * etcd and kube-apiserver on 127.0.0.1, ready to serve. Always `stop()` it (in `after` or
 * `t.after`); a process exit handler also kills both process groups if the test runner dies.
 */
export class ControlPlane {
  private constructor(
    /** Scratch folder: etcd data, PKI, logs, kubeconfig. */
    readonly dir: string,
    /** `https://127.0.0.1:<port>` */
    readonly server: string,
    /** A kubeconfig file for the admin user, for tools (kubectl, helm, controllers). */
    readonly kubeconfig: string,
    readonly client: KubeClient,
    private readonly processes: Running[],
    private readonly pki: Pki,
    private readonly ca: Issued,
  ) {}

  private static live = new Set<ControlPlane>();
  private static exitHookInstalled = false;

  /** Starts etcd then kube-apiserver and waits for `/readyz`. */
  static async start(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
    const reason = controlPlaneSkip();
    if (reason) throw new Error(reason);
    const dir = mkdtempSync(join(tmpdir(), "tls-edge-cluster-"));
    const pki = new Pki();
    const processes: Running[] = [];
    const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
    const server = `https://127.0.0.1:${apiPort}`;
    const ca = pki.selfSigned("cluster-ca", { cn: "tls-edge test cluster CA", ca: true });
    const serving = pki.leaf("kube-apiserver", ca, {
      cn: "kube-apiserver",
      sans: ["127.0.0.1", "localhost", "kubernetes", "kubernetes.default"],
    });
    const admin = pki.client("admin", ca, { cn: "tls-edge-admin", o: "system:masters" });
    const serviceAccount = pki.keyPair("service-account");
    const kubeconfig = join(dir, "kubeconfig");
    writeFileSync(kubeconfig, kubeconfigYaml(server, ca, admin));
    const client = new KubeClient(server, ca.cert, admin);
    const plane = new ControlPlane(dir, server, kubeconfig, client, processes, pki, ca);
    ControlPlane.track(plane);
    try {
      const etcdUrl = `http://127.0.0.1:${etcdClient}`;
      const peerUrl = `http://127.0.0.1:${etcdPeer}`;
      processes.push(
        launch(dir, "etcd", ETCD, [
          "--name=tls-edge",
          `--data-dir=${join(dir, "etcd")}`,
          `--listen-client-urls=${etcdUrl}`,
          `--advertise-client-urls=${etcdUrl}`,
          `--listen-peer-urls=${peerUrl}`,
          `--initial-advertise-peer-urls=${peerUrl}`,
          `--initial-cluster=tls-edge=${peerUrl}`,
          "--initial-cluster-state=new",
          // A scratch store: losing it on a crash costs nothing, fsync costs seconds here.
          "--unsafe-no-fsync",
          "--log-level=warn",
        ]),
      );
      await until("etcd /health", () => httpOk(`${etcdUrl}/health`), processes);
      processes.push(
        launch(
          dir,
          "kube-apiserver",
          KUBE_APISERVER,
          [
            "--bind-address=127.0.0.1",
            "--advertise-address=127.0.0.1",
            `--secure-port=${apiPort}`,
            `--etcd-servers=${etcdUrl}`,
            `--tls-cert-file=${serving.certFile}`,
            `--tls-private-key-file=${serving.keyFile}`,
            `--client-ca-file=${ca.certFile}`,
            "--authorization-mode=Node,RBAC",
            "--anonymous-auth=false",
            `--service-account-key-file=${serviceAccount.publicKeyFile}`,
            `--service-account-signing-key-file=${serviceAccount.keyFile}`,
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            `--service-cluster-ip-range=${options.serviceClusterIpRange ?? "10.96.0.0/16"}`,
            // The `kubernetes` Service's Endpoints may not hold a loopback address; upstream's own
            // test server turns the reconciler off the same way (cmd/kube-apiserver/app/testing/
            // testserver.go), and nothing runs in this cluster that would use it.
            "--endpoint-reconciler-type=none",
            `--cert-dir=${join(dir, "apiserver-certs")}`,
            "--profiling=false",
          ],
          // The cluster CA is the API server's system trust: a webhook configuration without a
          // caBundle (cainjector fills it on a cluster; it is not built here) trusts the system
          // roots, so webhooks served with certificates from this CA are trusted from the start.
          { SSL_CERT_FILE: ca.certFile },
        ),
      );
      await until(
        "kube-apiserver /readyz",
        async () => (await client.request("GET", "/readyz")).status === 200,
        processes,
      );
      if (options.controllerManager || options.nodes) {
        await plane.startControllerManager(serviceAccount.keyFile, options.nodes !== undefined);
      }
      if (options.nodes) await plane.startNodes(options.nodes.count, options.nodes.zones ?? 3);
      return plane;
    } catch (err) {
      await plane.stop();
      throw err;
    }
  }

  /**
   * kube-controller-manager as kubeadm runs it: its own identity (system:kube-controller-manager,
   * bound by the API server's bootstrap RBAC), one ServiceAccount per controller, the
   * service-account key to sign legacy tokens and the cluster CA to sign CSRs. Ready when the
   * root CA publisher has written kube-root-ca.crt into `default`, which needs its informers
   * synced and its ServiceAccount credentials working.
   */
  private async startControllerManager(
    serviceAccountKeyFile: string,
    withNodes: boolean,
  ): Promise<void> {
    // With kwok's nodes, the node lifecycle controller lifts the not-ready taint the API server
    // gives every new node once kwok reports it Ready (and keeps their health as a kubelet's).
    const off = NODE_CONTROLLERS.filter((c) => !(withNodes && c === "node-lifecycle-controller"));
    const identity = this.pki.client("kube-controller-manager", this.ca, {
      cn: "system:kube-controller-manager",
    });
    const kubeconfig = join(this.dir, "kube-controller-manager.kubeconfig");
    writeFileSync(kubeconfig, kubeconfigYaml(this.server, this.ca, identity));
    this.processes.push(
      launch(this.dir, "kube-controller-manager", join(CLUSTER_BIN, "kube-controller-manager"), [
        `--kubeconfig=${kubeconfig}`,
        `--authentication-kubeconfig=${kubeconfig}`,
        `--authorization-kubeconfig=${kubeconfig}`,
        "--bind-address=127.0.0.1",
        `--secure-port=${await freePort()}`,
        `--cert-dir=${join(this.dir, "kube-controller-manager-certs")}`,
        "--leader-elect=false",
        "--use-service-account-credentials",
        `--service-account-private-key-file=${serviceAccountKeyFile}`,
        `--root-ca-file=${this.ca.certFile}`,
        `--cluster-signing-cert-file=${this.ca.certFile}`,
        `--cluster-signing-key-file=${this.ca.keyFile}`,
        `--controllers=*,${off.map((c) => `-${c}`).join(",")}`,
        "--profiling=false",
      ]),
    );
    await until(
      "kube-controller-manager to publish kube-root-ca.crt",
      async () =>
        (await this.client.request("GET", "/api/v1/namespaces/default/configmaps/kube-root-ca.crt"))
          .status === 200,
      this.processes,
    );
  }

  /** A kubeconfig for a client certificate with this common name (and organisation). */
  private identity(cn: string, o?: string): string {
    const name = cn.replace(/[^a-z0-9-]/gi, "-");
    const issued = this.pki.client(name, this.ca, { cn, ...(o ? { o } : {}) });
    const kubeconfig = join(this.dir, `${name}.kubeconfig`);
    writeFileSync(kubeconfig, kubeconfigYaml(this.server, this.ca, issued));
    return kubeconfig;
  }

  /**
   * kube-scheduler as kubeadm runs it (its own identity, bound by the bootstrap RBAC), then the
   * kwok controller with the Stages kwokctl gives a cluster by default (kwok-stages.yaml, which
   * scripts/cluster/build.sh writes beside the binary), then the nodes; ready when every node
   * is Ready.
   */
  private async startNodes(count: number, zones: number): Promise<void> {
    const scheduler = this.identity("system:kube-scheduler");
    this.processes.push(
      launch(this.dir, "kube-scheduler", join(CLUSTER_BIN, "kube-scheduler"), [
        `--kubeconfig=${scheduler}`,
        `--authentication-kubeconfig=${scheduler}`,
        `--authorization-kubeconfig=${scheduler}`,
        "--bind-address=127.0.0.1",
        `--secure-port=${await freePort()}`,
        "--leader-elect=false",
      ]),
    );
    // kwok writes node and pod status and leases for every node it manages: the admin identity,
    // as kwokctl gives it.
    this.processes.push(
      launch(this.dir, "kwok", join(CLUSTER_BIN, "kwok"), [
        `--kubeconfig=${this.kubeconfig}`,
        `--config=${join(CLUSTER_BIN, "kwok-stages.yaml")}`,
        `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION}=fake`,
        "--node-lease-duration-seconds=40",
        // Pod IPs: the lane's network namespace routes 10.0.0.0/16 to loopback
        // (scripts/cluster/netns.sh), so a passthrough app can be served at its pod's address.
        "--cidr=10.0.0.1/16",
        `--server-address=127.0.0.1:${await freePort()}`,
      ]),
    );
    for (let i = 0; i < count; i++) {
      const name = `kwok-node-${i}`;
      const res = await this.client.apply({
        apiVersion: "v1",
        kind: "Node",
        metadata: {
          name,
          annotations: { [KWOK_NODE_ANNOTATION]: "fake", "node.alpha.kubernetes.io/ttl": "0" },
          labels: {
            "kubernetes.io/hostname": name,
            "kubernetes.io/os": "linux",
            "kubernetes.io/arch": "amd64",
            "topology.kubernetes.io/zone": `zone-${i % zones}`,
            type: "kwok",
          },
        },
        status: { capacity: { cpu: "32", memory: "256Gi", pods: "110" } },
      });
      if (res.status >= 300) throw new Error(`node ${name}: ${statusMessage(res)}`);
    }
    await until(
      `${count} kwok nodes Ready and schedulable`,
      async () => {
        const nodes = await this.client.list("/api/v1/nodes");
        return (
          nodes.length === count &&
          nodes.every(
            (n) => readyCondition(n) && !((n["spec"]["taints"] ?? []) as KubeObject[]).length,
          )
        );
      },
      this.processes,
    );
  }

  /**
   * cert-manager's webhook outside the cluster, serving from the start with a certificate for
   * `localhost` from the plane's CA (`--tls-cert-file`; the chart's Deployment instead makes a
   * CA Secret with `--dynamic-serving-*` once its namespace exists, for cainjector to copy into
   * the webhook configurations, which left a window here where the API server called a webhook
   * with no certificate yet). The chart's `webhook.url.host` must be `localhost:<port>`, the
   * returned port; the API server trusts the plane's CA as its system roots. The webhook has
   * no bind-address flag: it listens on every interface of the machine on that port.
   */
  async startCertManagerWebhook(): Promise<number> {
    const port = await freePort();
    const healthz = await freePort();
    const serving = this.pki.leaf("cert-manager-webhook", this.ca, {
      cn: "cert-manager-webhook",
      sans: ["localhost"],
    });
    this.processes.push(
      launch(this.dir, "cert-manager-webhook", join(CLUSTER_BIN, "cert-manager-webhook"), [
        `--kubeconfig=${this.kubeconfig}`,
        `--secure-port=${port}`,
        `--healthz-port=${healthz}`,
        `--tls-cert-file=${serving.certFile}`,
        `--tls-private-key-file=${serving.keyFile}`,
        "--metrics-listen-address=0",
      ]),
    );
    await until(
      "cert-manager's webhook /livez",
      () => httpOk(`http://127.0.0.1:${healthz}/livez`),
      [...this.processes],
    );
    return port;
  }

  /**
   * Starts a host process of the lane (Traefik, say) whose life the plane manages: stopped with
   * it, its log in `logs()`.
   */
  launch(name: string, binary: string, args: string[], env: NodeJS.ProcessEnv = {}): Running {
    const running = launch(this.dir, name, binary, args, env);
    this.processes.push(running);
    return running;
  }

  /** The processes running, for `until`. */
  get running(): readonly Running[] {
    return this.processes;
  }

  /** Writes `<name>.kubeconfig` in the scratch folder for a client with this bearer token. */
  writeTokenKubeconfig(name: string, token: string): string {
    const file = join(this.dir, `${name}.kubeconfig`);
    writeFileSync(file, kubeconfigYaml(this.server, this.ca, { token }));
    return file;
  }

  /** The cluster CA's certificate file (what clients verify the API server with). */
  get caFile(): string {
    return this.ca.certFile;
  }

  private static track(plane: ControlPlane): void {
    ControlPlane.live.add(plane);
    if (ControlPlane.exitHookInstalled) return;
    ControlPlane.exitHookInstalled = true;
    const killAll = () => {
      for (const p of ControlPlane.live) p.killNow();
    };
    process.on("exit", killAll);
    // The test runner stops a file that times out with SIGTERM, which skips "exit" handlers.
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.once(signal, () => {
        killAll();
        process.exit(128 + (signal === "SIGINT" ? 2 : 15));
      });
    }
  }

  /** The last lines of each process's log, for failure messages. */
  logs(lines = 30): string {
    return this.processes.map((p) => `--- ${p.name}\n${logTail(p, lines)}`).join("\n");
  }

  private killNow(): void {
    for (const p of this.processes) {
      if (p.exit === undefined && p.child.pid) {
        try {
          process.kill(-p.child.pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
    this.pki.dispose();
  }

  /**
   * Stops the controllers, kube-apiserver then etcd (their whole process groups) and removes
   * the data.
   */
  async stop(): Promise<void> {
    this.client.close();
    for (const p of [...this.processes].reverse()) await terminate(p);
    ControlPlane.live.delete(this);
    rmSync(this.dir, { recursive: true, force: true });
    this.pki.dispose();
  }
}

/** SIGTERM to the process group, SIGKILL after 10 s; resolves once the process has exited. */
async function terminate(p: Running): Promise<void> {
  if (p.exit !== undefined || !p.child.pid) return;
  const exited = new Promise<void>((resolve) => p.child.once("exit", () => resolve()));
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-p.child.pid!, s);
    } catch {
      // already gone
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Starts a binary in a process group of its own, logging to `<dir>/<name>.log`. */
function launch(
  dir: string,
  name: string,
  binary: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Running {
  const log = join(dir, `${name}.log`);
  const fd = openSync(log, "a");
  const child = spawn(binary, args, {
    detached: true,
    stdio: ["ignore", fd, fd],
    env: { ...process.env, ...env },
  });
  closeSync(fd);
  const running: Running = { name, child, log };
  child.on("exit", (code, signal) => {
    running.exit = signal ?? `code ${code}`;
  });
  child.on("error", (err) => {
    running.exit = err.message;
  });
  return running;
}

/** A kubeconfig for this server, trusting this CA, as a client with a certificate or a token. */
function kubeconfigYaml(server: string, ca: Issued, user: Issued | { token: string }): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "tls-edge", cluster: { server, "certificate-authority": ca.certFile } }],
    users: [
      {
        name: "user",
        user:
          "token" in user
            ? { token: user.token }
            : { "client-certificate": user.certFile, "client-key": user.keyFile },
      },
    ],
    contexts: [{ name: "tls-edge", context: { cluster: "tls-edge", user: "user" } }],
    "current-context": "tls-edge",
  });
}
