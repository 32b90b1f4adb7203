/**
 * What a real cluster does around a stack's `pulumi up` that this lane has no kubelet, cloud or
 * container for, played on the host next to a ControlPlane with kwok nodes:
 *
 * - cert-manager's controller and webhook run as host processes (the chart's Deployments get kwok
 *   pods that never run); the webhook is reached by URL (the chart's `webhook.url.host`).
 * - Traefik runs as a host process with the arguments of the Deployment the chart made, its
 *   entrypoints on 127.0.0.1 (web and websecure keep their ports, which Gateway listeners name;
 *   the others get free ports), reading the cluster with a token of the chart's ServiceAccount,
 *   so the chart's RBAC is what it runs with.
 * - cainjector is not built here: the webhook configurations keep no caBundle, and the API server,
 *   whose system trust is the plane's CA, trusts the webhook's certificate from that CA.
 * - Stand-ins, said here and in docs/development.md: the cloud's load balancer controller
 *   (a LoadBalancer Service gets 127.0.0.1 as its address; Helm waits for one, and Traefik
 *   publishes it on every Ingress), and the app owner (a Deployment and Service behind each
 *   backend the stack routes to: the Kubernetes provider waits for an Ingress's, and Traefik
 *   drops a route whose Service is missing). For a TLS passthrough route (TLSRoute) the app
 *   owner also serves TLS at each of the Service's endpoint addresses (the kwok pods' IPs), with a
 *   certificate from its own CA for the route's hostnames, as the app behind the route would, and
 *   plays kube-proxy for that Service (its ClusterIP forwards to the pods): that needs the pod
 *   and Service networks local, which scripts/cluster/netns.sh arranges (`podNetworkIsLocal`).
 */
import { writeFileSync } from "node:fs";
import { connect, createServer as createTcpServer, type Server as TcpServer } from "node:net";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { createServer, type Server } from "node:tls";
import { parse, stringify } from "yaml";
import { UPSTREAM_CHARTS } from "../helpers/helm";
import { Pki, type Issued } from "../helpers/pki";
import { freePort } from "../helpers/ports";
import { CLUSTER_BIN, type ControlPlane, type KubeObject } from "./control-plane";

/**
 * The config the lane gives a stack: local charts, the webhook by URL, and `certManagerValues`
 * laid over cert-manager's chart values (e.g. the controller's extraArgs).
 */
export function laneConfig(
  config: Record<string, unknown>,
  webhookPort: number,
  certManagerValues: Record<string, unknown> = {},
): void {
  const certManager = (config["tls-edge:certManager"] ?? {}) as Record<string, unknown>;
  config["tls-edge:certManager"] = {
    ...certManager,
    chart: {
      path: UPSTREAM_CHARTS.certManager,
      values: { ...certManagerValues, webhook: { url: { host: `localhost:${webhookPort}` } } },
    },
  };
  const controller = (config["tls-edge:controller"] ?? {}) as Record<string, unknown>;
  config["tls-edge:controller"] = { ...controller, chart: { path: UPSTREAM_CHARTS.traefik } };
}

/**
 * An address in the pod network kwok gives pod IPs from (its `--cidr` in control-plane.ts). The
 * lane's network namespace routes that network and the Service network to loopback
 * (scripts/cluster/netns.sh), so the app owner can serve at a pod's address, the lane forward a
 * Service's ClusterIP to it, and Traefik reach both.
 */
const POD_ADDRESS_PROBE = "10.0.255.254";

/**
 * Whether this process can listen at a pod address: true inside the lane's network namespace
 * (scripts/cluster/netns.sh, which `npm run test:cluster` runs the lane in), false elsewhere.
 */
export function podNetworkIsLocal(): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createTcpServer();
    probe.once("error", () => resolve(false));
    probe.listen(0, POD_ADDRESS_PROBE, () => probe.close(() => resolve(true)));
  });
}

/** Listens at this address and port, rejecting on an error such as EADDRNOTAVAIL. */
function listen(server: Server | TcpServer, address: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, address, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

interface Backend {
  readonly ns: string;
  readonly name: string;
  readonly port: number;
  /** The hostnames of the TLS passthrough route (TLSRoute) to it, whose TLS the app ends. */
  readonly passthrough?: readonly string[];
}

/**
 * The backend Services a stack routes to, namespace, name and port: Ingress backends,
 * IngressRoute services (Traefik's CRD) and TLSRoute backendRefs (Gateway API).
 */
function backends(objects: readonly KubeObject[]): Backend[] {
  const found = new Map<string, Backend>();
  const add = (ns: string, name: string, port: number, passthrough?: string[]) =>
    found.set(`${ns}/${name}`, { ns, name, port, ...(passthrough ? { passthrough } : {}) });
  for (const o of objects) {
    const ns = o["metadata"]["namespace"] as string;
    if (o["kind"] === "Ingress") {
      for (const rule of o["spec"]["rules"] ?? []) {
        for (const p of rule["http"]?.["paths"] ?? []) {
          add(ns, p["backend"]["service"]["name"], p["backend"]["service"]["port"]["number"]);
        }
      }
    } else if (o["kind"] === "IngressRoute" || o["kind"] === "TLSRoute") {
      for (const route of o["spec"]["routes"] ?? o["spec"]["rules"] ?? []) {
        for (const ref of route["services"] ?? route["backendRefs"] ?? []) {
          const hostnames = o["kind"] === "TLSRoute" ? (o["spec"]["hostnames"] ?? []) : undefined;
          add(ref["namespace"] ?? ns, ref["name"], ref["port"], hostnames);
        }
      }
    }
  }
  return [...found.values()];
}

const CERT_MANAGER_CRD =
  "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/certificates.cert-manager.io";

export class StackLane {
  private certManagerStarted = false;
  private traefikStarted = false;
  /** The address Traefik's websecure entrypoint listens on. */
  websecure = "";
  /** The app owner's CA, which signs what the passthrough apps serve (made when first needed). */
  private app: { readonly pki: Pki; readonly ca: Issued } | undefined;
  /** The passthrough apps' TLS servers and their Services' forwarders, by `<address>:<port>`. */
  private readonly servers = new Map<string, Server | TcpServer>();

  constructor(
    private readonly plane: ControlPlane,
    private readonly rendered: readonly KubeObject[],
    private readonly certManagerNamespace = "cert-manager",
  ) {}

  /** Plays the parts until `done.value` is set; each round is idempotent. */
  async play(done: { value: boolean }): Promise<void> {
    while (!done.value) {
      await this.round();
      await delay(250);
    }
  }

  /** One round of every part; exported for a last round after `up`. */
  async round(): Promise<void> {
    await this.startCertManager();
    await this.loadBalancers();
    await this.appOwner();
    await this.startTraefik();
  }

  /**
   * cert-manager's controller on the host once the chart's CRDs, Deployment and ConfigMap exist,
   * with that Deployment's arguments (the stack's extraArgs included) and that ConfigMap's
   * ControllerConfiguration, plus what a process outside the cluster needs: a kubeconfig with a
   * token of the chart's ServiceAccount, no leader election (one replica runs), loopback health
   * and metrics addresses.
   */
  private async startCertManager(): Promise<void> {
    if (this.certManagerStarted) return;
    const { client } = this.plane;
    if ((await client.request("GET", CERT_MANAGER_CRD)).status !== 200) return;
    const ns = this.certManagerNamespace;
    const deployment = await client.request(
      "GET",
      `/apis/apps/v1/namespaces/${ns}/deployments/cert-manager`,
    );
    const configMap = await client.request(
      "GET",
      `/api/v1/namespaces/${ns}/configmaps/cert-manager`,
    );
    if (deployment.status !== 200 || configMap.status !== 200) return;
    const pod = deployment.body["spec"]["template"]["spec"];
    const token = await this.serviceAccountToken(ns, pod["serviceAccountName"] as string);
    if (!token) return;
    this.certManagerStarted = true;
    const container = (pod["containers"] as KubeObject[])[0]!;
    // The chart's ServiceAccount, so the controller runs under the chart's RBAC as in its pod.
    const kubeconfig = this.plane.writeTokenKubeconfig("cert-manager-controller", token);

    const healthz = `127.0.0.1:${await freePort()}`;
    const config = join(this.plane.dir, "cert-manager-controller.yaml");
    writeFileSync(
      config,
      stringify({ ...parse(configMap.body["data"]["config.yaml"]), healthzListenAddress: healthz }),
    );
    const args = (container["args"] as string[])
      .filter((a) => !/^--(config|leader-election-namespace)=/.test(a))
      .map((a) => a.replaceAll("$(POD_NAMESPACE)", ns));
    this.plane.launch("cert-manager-controller", join(CLUSTER_BIN, "cert-manager-controller"), [
      ...args,
      `--config=${config}`,
      `--kubeconfig=${kubeconfig}`,
      "--leader-elect=false",
      `--metrics-listen-address=127.0.0.1:${await freePort()}`,
    ]);
  }

  /** The TLS passthrough routes' hostnames (the passthrough apps' hosts). */
  passthroughHosts(): string[] {
    return backends(this.rendered).flatMap((b) => [...(b.passthrough ?? [])]);
  }

  /** The PEM file of the CA the passthrough apps' certificates come from. */
  appCaFile(): string {
    return this.appOwnerCa().ca.certFile;
  }

  private appOwnerCa(): { readonly pki: Pki; readonly ca: Issued } {
    if (!this.app) {
      const pki = new Pki();
      this.app = {
        pki,
        ca: pki.selfSigned("app-ca", { cn: "tls-edge lab app owner CA", ca: true }),
      };
    }
    return this.app;
  }

  /**
   * The passthrough apps' part: a TLS server at each ready endpoint address of each TLSRoute
   * backend, with a certificate for the route's hostnames. True once every such backend has one.
   */
  async servePassthroughApps(): Promise<boolean> {
    const { client } = this.plane;
    let all = true;
    for (const b of backends(this.rendered)) {
      if (!b.passthrough) continue;
      const slices = await client.list(
        `/apis/discovery.k8s.io/v1/namespaces/${b.ns}/endpointslices` +
          `?labelSelector=kubernetes.io%2Fservice-name%3D${b.name}`,
      );
      const addresses = slices.flatMap((s) =>
        ((s["endpoints"] ?? []) as KubeObject[])
          .filter((e) => e["conditions"]?.["ready"] !== false)
          .flatMap((e) => e["addresses"] as string[]),
      );
      if (addresses.length === 0) {
        all = false;
        continue;
      }
      for (const address of addresses) {
        const at = `${address}:${b.port}`;
        if (this.servers.has(at)) continue;
        const { pki, ca } = this.appOwnerCa();
        const leaf = pki.leaf(`${b.ns}-${b.name}-${this.servers.size}`, ca, {
          cn: b.passthrough[0]!,
          sans: b.passthrough,
        });
        const server = createServer({ key: leaf.key, cert: leaf.chain }, (socket) =>
          socket.end(`${b.ns}/${b.name} at ${at}\n`),
        );
        await listen(server, address, b.port);
        this.servers.set(at, server);
      }
      // kube-proxy's part for this Service: its ClusterIP forwards to the pods. Traefik dials the
      // ClusterIP with nativeLB (a meshed stack turns nativeLBByDefault on), else the pods.
      const service = await client.get(`/api/v1/namespaces/${b.ns}/services/${b.name}`);
      const clusterIp = service["spec"]["clusterIP"] as string;
      if (!this.servers.has(`${clusterIp}:${b.port}`)) {
        let next = 0;
        const forwarder = createTcpServer((inbound) => {
          const outbound = connect(b.port, addresses[next++ % addresses.length]!);
          inbound.pipe(outbound).pipe(inbound);
          inbound.on("error", () => outbound.destroy());
          outbound.on("error", () => inbound.destroy());
        });
        await listen(forwarder, clusterIp, b.port);
        this.servers.set(`${clusterIp}:${b.port}`, forwarder);
      }
    }
    return all;
  }

  /** Closes the passthrough apps' servers and removes the app owner's CA. */
  async stop(): Promise<void> {
    await Promise.all(
      [...this.servers.values()].map(
        (s) => new Promise<void>((resolve) => s.close(() => resolve())),
      ),
    );
    this.servers.clear();
    this.app?.pki.dispose();
  }

  /** A token of this ServiceAccount (what its pods would mount), or undefined while it is missing. */
  private async serviceAccountToken(ns: string, sa: string): Promise<string | undefined> {
    const res = await this.plane.client.request(
      "POST",
      `/api/v1/namespaces/${ns}/serviceaccounts/${sa}/token`,
      JSON.stringify({ spec: { expirationSeconds: 3600 } }),
    );
    return res.status === 201 ? (res.body["status"]["token"] as string) : undefined;
  }

  /** The cloud load balancer's part: 127.0.0.1 for each LoadBalancer Service. */
  private async loadBalancers(): Promise<void> {
    const { client } = this.plane;
    for (const svc of await client.list("/api/v1/services")) {
      if (svc["spec"]["type"] !== "LoadBalancer") continue;
      if (svc["status"]?.["loadBalancer"]?.["ingress"]?.length) continue;
      const { namespace, name } = svc["metadata"];
      await client.request(
        "PATCH",
        `/api/v1/namespaces/${namespace}/services/${name}/status`,
        JSON.stringify({ status: { loadBalancer: { ingress: [{ ip: "127.0.0.1" }] } } }),
        "application/merge-patch+json",
      );
    }
  }

  /**
   * The app owner's part: a Deployment and Service behind each backend the stack routes to, or
   * those `objects` route to (another program's, deployed next to the stack).
   */
  async appOwner(objects: readonly KubeObject[] = this.rendered): Promise<void> {
    const { client } = this.plane;
    for (const b of backends(objects)) {
      if ((await client.request("GET", `/api/v1/namespaces/${b.ns}`)).status !== 200) continue;
      const path = `/api/v1/namespaces/${b.ns}/services/${b.name}`;
      if ((await client.request("GET", path)).status === 200) continue;
      const labels = { app: b.name };
      await client.apply({
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: b.name, namespace: b.ns },
        spec: {
          replicas: 1,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              containers: [{ name: "app", image: "app:lab", ports: [{ containerPort: b.port }] }],
            },
          },
        },
      });
      await client.apply({
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: b.name, namespace: b.ns },
        spec: { selector: labels, ports: [{ port: b.port, targetPort: b.port }] },
      });
    }
  }

  /**
   * Traefik on the host once the chart's Deployment and ServiceAccount exist, with that
   * Deployment's arguments and environment and a token of its ServiceAccount.
   */
  private async startTraefik(): Promise<void> {
    if (this.traefikStarted) return;
    const { client } = this.plane;
    const deployments = await client.list(
      "/apis/apps/v1/deployments?labelSelector=app.kubernetes.io%2Fname%3Dtraefik",
    );
    const deployment = deployments[0];
    if (!deployment) return;
    const ns = deployment["metadata"]["namespace"] as string;
    const pod = deployment["spec"]["template"]["spec"];
    const sa = pod["serviceAccountName"] as string;
    const token = await this.serviceAccountToken(ns, sa);
    if (!token) return;
    const container = (pod["containers"] as KubeObject[]).find((c) => c["name"] === "traefik");
    if (!container)
      throw new Error(`no traefik container in ${ns}/${deployment["metadata"]["name"]}`);
    this.traefikStarted = true;

    const args: string[] = [];
    for (const arg of container["args"] as string[]) {
      const entry = /^--entry[pP]oints\.([^.]+)\.address=:(\d+)(\/\w+)?$/.exec(arg);
      if (!entry) {
        args.push(arg);
        continue;
      }
      const [, name, port, proto = ""] = entry;
      const keep = name === "web" || name === "websecure";
      const hostPort = keep ? Number(port) : await freePort();
      if (name === "websecure") this.websecure = `127.0.0.1:${hostPort}`;
      args.push(`--entryPoints.${name}.address=127.0.0.1:${hostPort}${proto}`);
    }
    for (const provider of ["kubernetescrd", "kubernetesingress", "kubernetesgateway"]) {
      if (
        !args.some(
          (a) => a === `--providers.${provider}` || a.startsWith(`--providers.${provider}.`),
        )
      ) {
        continue;
      }
      args.push(
        `--providers.${provider}.endpoint=${this.plane.server}`,
        `--providers.${provider}.token=${token}`,
        `--providers.${provider}.certauthfilepath=${this.plane.caFile}`,
      );
    }
    const env: Record<string, string> = {};
    for (const e of (container["env"] ?? []) as KubeObject[]) {
      const field = e["valueFrom"]?.["fieldRef"]?.["fieldPath"];
      env[e["name"]] =
        field === "metadata.namespace"
          ? ns
          : field === "metadata.name"
            ? "traefik-host"
            : (e["value"] ?? "");
    }
    this.plane.launch("traefik", join(CLUSTER_BIN, "traefik"), args, env);
  }
}
