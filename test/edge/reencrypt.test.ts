/**
 * `reencrypt` end to end, per controller: from a TlsIngress to the objects the controller reads.
 * Every reference is followed to an emitted object in the right namespace, holding the CA under
 * the key the controller reads (each named with its upstream source below), and that CA must
 * verify a real backend certificate (made with openssl) for the name the controller checks.
 * Traefik objects are checked against the chart's CRDs and the chart rendered by the real helm;
 * the BackendTLSPolicy against the Gateway API v1.5.1 CRD.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { useMocks, checkAll, kubernetesObjects, settle } from "../helpers/mocks";
import { Pki, type Issued } from "../helpers/pki";
import {
  helmTemplate,
  requireHelm,
  MONITORING_API_VERSIONS,
  UPSTREAM_CHARTS,
  type RenderedObject,
} from "../helpers/helm";
import { schemaProblems } from "../helpers/schema";
import { upstreamCrdValidator } from "../helpers/upstream-crds";
import type { KubernetesObject } from "../../cli/offline/objects";

const engine = useMocks();

type Edge = typeof import("../../components/edge/index.js");
let edge: Edge;
let TestIssuer: typeof import("./issuer.js").TestIssuer;
let pki: Pki;
let ca: Issued;
let backend: Issued;
let otherCa: Issued;

const NS = "shop";
const SERVICE = "web";
const BACKEND_NAME = "web.shop.svc.cluster.local";
const HOSTS = ["shop.example.com"];

function valueOf<T>(output: { apply<U>(f: (t: T) => U): unknown }): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- objects are walked freely here
type Obj = KubernetesObject & Record<string, any>;

/** The one emitted object of this kind, namespace and name. */
function emitted(kind: string, namespace: string, name: string): Obj {
  const found = kubernetesObjects(engine).filter(
    (o) => o.kind === kind && o.metadata?.namespace === namespace && o.metadata?.name === name,
  );
  assert.equal(found.length, 1, `expected one ${kind} ${namespace}/${name}, found ${found.length}`);
  return found[0] as Obj;
}

/** A value under `key` in a Secret or ConfigMap, as the controller reads it. */
function dataOf(o: Obj, key: string): string | undefined {
  const text = (o["stringData"] as Record<string, string> | undefined)?.[key];
  if (text !== undefined || o.kind === "ConfigMap") return text ?? o["data"]?.[key];
  const b64 = (o["data"] as Record<string, string> | undefined)?.[key];
  return b64 === undefined ? undefined : Buffer.from(b64, "base64").toString("utf8");
}

/** The CA in the object verifies the backend's certificate, which holds the expected name. */
function assertVerifiesBackend(pem: string | undefined, serverName: string, where: string): void {
  assert.ok(pem, `${where} holds no CA`);
  const root = new X509Certificate(pem);
  const leaf = new X509Certificate(backend.cert);
  assert.ok(root.ca, `${where}: not a CA certificate`);
  assert.ok(leaf.checkIssued(root) && leaf.verify(root.publicKey), `${where} does not verify`);
  assert.ok(!leaf.verify(new X509Certificate(otherCa.cert).publicKey), "control: another CA");
  assert.equal(leaf.checkHost(serverName), serverName, `backend certificate lacks ${serverName}`);
}

/** `<namespace>/<name>` as ingress-nginx (k8s.ParseNameNS) and HAProxy (GetK8sPath) split it. */
function nsName(value: string | undefined): [string, string] {
  const parts = (value ?? "").split("/");
  assert.equal(parts.length, 2, `${value} is not <namespace>/<name>`);
  return [parts[0]!, parts[1]!];
}

describe("reencrypt follows through to what each controller reads", () => {
  before(async () => {
    pki = new Pki();
    ca = pki.selfSigned("backend-ca", { cn: "shop backend CA", ca: true });
    otherCa = pki.selfSigned("other-ca", { cn: "another CA", ca: true });
    backend = pki.leaf("web", ca, { cn: BACKEND_NAME, sans: [BACKEND_NAME] });
    edge = await import("../../components/edge/index.js");
    ({ TestIssuer } = await import("./issuer.js"));
  });
  after(() => pki.dispose());

  function app(name: string, via: InstanceType<Edge["IngressController"]>) {
    return new edge.TlsIngress(name, {
      via,
      namespace: NS,
      hosts: HOSTS,
      backend: { service: SERVICE, port: 8443 },
      strategy: "reencrypt",
      certificate: { issuer: new TestIssuer(`${name}-issuer`) },
      backendTls: { caBundle: { pem: ca.cert } },
    });
  }

  it("ingress-nginx: HTTPS upstream, proxy-ssl-secret names a Secret in the Ingress namespace with ca.crt", async () => {
    const via = new edge.IngressController("nginx", {
      controller: "ingress-nginx",
      defaultCertificate: { secretName: "edge-tls" },
    });
    app("n", via);
    await settle();
    const ingress = emitted("Ingress", NS, "n");
    const a = ingress.metadata!.annotations as Record<string, string>;
    assert.equal(a["nginx.ingress.kubernetes.io/backend-protocol"], "HTTPS");
    assert.equal(a["nginx.ingress.kubernetes.io/proxy-ssl-verify"], "on");
    // proxyssl/main.go refuses a Secret outside the Ingress namespace (cross-namespace off).
    const [ns, name] = nsName(a["nginx.ingress.kubernetes.io/proxy-ssl-secret"]);
    assert.equal(ns, NS);
    const secret = emitted("Secret", ns, name);
    // store/backend_ssl.go getPemCertificate: a CA-only Secret is `ca.crt` without tls.key.
    assert.equal(dataOf(secret, "tls.key"), undefined);
    assertVerifiesBackend(dataOf(secret, "ca.crt"), BACKEND_NAME, `Secret ${ns}/${name} ca.crt`);
    assert.equal(a["nginx.ingress.kubernetes.io/proxy-ssl-name"], BACKEND_NAME);
    assert.equal(ingress["spec"].rules[0].http.paths[0].backend.service.name, SERVICE);
    await checkAll(engine);
  });

  it("HAProxy: server-ca names a Secret holding the CA in tls.crt (the key HAProxy reads)", async () => {
    const via = new edge.IngressController("haproxy", {
      controller: "haproxy",
      defaultCertificate: { secretName: "edge-tls" },
    });
    app("h", via);
    await settle();
    const a = emitted("Ingress", NS, "h").metadata!.annotations as Record<string, string>;
    assert.equal(a["haproxy.org/server-ssl"], "true");
    const [ns, name] = nsName(a["haproxy.org/server-ca"]);
    // pkg/haproxy/certs/main.go writeSecret(isCa): `tls.crt`, an error without it.
    const secret = emitted("Secret", ns, name);
    assertVerifiesBackend(dataOf(secret, "tls.crt"), BACKEND_NAME, `Secret ${ns}/${name} tls.crt`);
    await checkAll(engine);
  });

  /** The IngressRoute chain; returns the route for further checks. */
  function followTraefik(name: string, ingressClassName: string): Obj {
    const route = emitted("IngressRoute", NS, name);
    assert.equal(route.apiVersion, "traefik.io/v1alpha1");
    assert.equal(route["spec"].ingressClassName, ingressClassName);
    assert.deepEqual(route["spec"].entryPoints, ["websecure"]);
    for (const r of route["spec"].routes) {
      assert.match(r.match, /Host\(`shop\.example\.com`\)/);
      const [svc] = r.services;
      assert.equal(svc.name, SERVICE);
      assert.equal(svc.port, 8443);
      // crd/kubernetes_http.go parseServiceProtocol: without `https`, port 8443 is plain HTTP.
      assert.equal(svc.scheme, "https");
      assert.equal(svc.namespace ?? NS, NS);
      // makeServersTransportKey: a name without `@` is the ServersTransport in the Service's
      // namespace; `<ns>-<name>@kubernetescrd` is refused with allowCrossNamespace off.
      assert.doesNotMatch(svc.serversTransport, /@/);
      const st = emitted("ServersTransport", NS, svc.serversTransport);
      assert.equal(st["spec"].insecureSkipVerify, undefined);
      assert.equal(st["spec"].serverName, BACKEND_NAME);
      const [rootCa] = st["spec"].rootCAs;
      const kind = rootCa.configMap ? "ConfigMap" : "Secret";
      const holder = emitted(kind, NS, rootCa.configMap ?? rootCa.secret);
      // crd/kubernetes.go getCABlocks / getCABlocksFromConfigMap: `tls.ca`, else `ca.crt`.
      const pem = dataOf(holder, "tls.ca") ?? dataOf(holder, "ca.crt");
      assertVerifiesBackend(pem, st["spec"].serverName, `${kind} ${NS}/${holder.metadata!.name}`);
    }
    // cert-manager does not watch IngressRoutes: a Certificate writes the TLS Secret.
    const secretName = route["spec"].tls.secretName;
    const certs = kubernetesObjects(engine).filter(
      (o) =>
        o.kind === "Certificate" &&
        o.metadata?.namespace === NS &&
        (o as Obj)["spec"].secretName === secretName,
    ) as Obj[];
    assert.equal(certs.length, 1, `no Certificate writes ${NS}/${secretName}`);
    assert.deepEqual(certs[0]!["spec"].dnsNames, HOSTS);
    return route;
  }

  /** What the chart really renders from the controller's values. */
  async function rendered(helm: string, via: InstanceType<Edge["IngressController"]>) {
    const values = await valueOf(via.values);
    return helmTemplate(helm, UPSTREAM_CHARTS.traefik, values, {
      namespace: via.namespace,
      releaseName: "traefik",
      apiVersions: MONITORING_API_VERSIONS,
      kubeVersion: "1.34.0",
    });
  }

  function traefikArgs(objects: RenderedObject[]): string[] {
    const deployment = objects.find((o) => o["kind"] === "Deployment");
    assert.ok(deployment, "the chart rendered no Deployment");
    return deployment["spec"].template.spec.containers[0].args as string[];
  }

  /** The chart's controller processes IngressRoutes of this class (crd/kubernetes.go, shouldProcessIngress). */
  function assertProcessed(args: string[], ingressClassName: string): void {
    assert.ok(args.includes("--providers.kubernetescrd"), "the CRD provider is off");
    assert.ok(
      args.some((a) => a.startsWith("--entryPoints.websecure.address=")),
      "no websecure entry point",
    );
    const flag = args.find((a) => a.startsWith("--providers.kubernetescrd.ingressClass="));
    const providerClass = flag ? flag.split("=")[1]! : "";
    assert.ok(
      providerClass === ingressClassName ||
        (providerClass === "" && ["", "traefik"].includes(ingressClassName)),
      `IngressRoute class "${ingressClassName}" is ignored by a provider watching "${providerClass}"`,
    );
  }

  it("Traefik: IngressRoute (scheme https) → ServersTransport → CA ConfigMap, all in the app namespace", async (t) => {
    const via = new edge.IngressController("traefik", {
      defaultCertificate: { secretName: "edge-tls" },
    });
    const entry = app("t", via);
    await settle();
    const ingresses = kubernetesObjects(engine).filter((o) => o.kind === "Ingress");
    assert.ok(!ingresses.some((o) => o.metadata?.name === "t"), "an Ingress cannot re-encrypt");
    followTraefik("t", via.ingressClassName);
    assert.deepEqual(entry.backendServiceAnnotations, {});
    for (const kind of ["IngressRoute", "ServersTransport"]) {
      const o = emitted(kind, NS, kind === "IngressRoute" ? "t" : "t-backend");
      assert.deepEqual(await schemaProblems(o), [], `${kind} against the chart's CRD`);
    }
    await checkAll(engine);

    const helm = requireHelm(t);
    if (!helm) return;
    const objects = await rendered(helm, via);
    assertProcessed(traefikArgs(objects), via.ingressClassName);
    // The controller may read what the chain names: its ClusterRole lists the CA's kind and
    // the traefik.io kinds.
    const role = objects.find((o) => o["kind"] === "ClusterRole");
    const rules = role?.["rules"] as {
      apiGroups: string[];
      resources: string[];
      verbs: string[];
    }[];
    const can = (group: string, resource: string) =>
      rules.some(
        (r) =>
          r.apiGroups.includes(group) &&
          r.resources.includes(resource) &&
          ["get", "list", "watch"].every((v) => r.verbs.includes(v)),
      );
    assert.ok(can("", "configmaps"), "Traefik cannot read ConfigMaps");
    assert.ok(can("traefik.io", "ingressroutes") && can("traefik.io", "serverstransports"));
  });

  it("Traefik with its own IngressClass: the CRD provider watches that class", async (t) => {
    const via = new edge.IngressController("traefik-b", {
      namespace: "traefik-b",
      ingressClassName: "edge-b",
      defaultCertificate: { secretName: "edge-tls" },
    });
    app("tb", via);
    await settle();
    followTraefik("tb", "edge-b");
    const helm = requireHelm(t);
    if (!helm) return;
    assertProcessed(traefikArgs(await rendered(helm, via)), "edge-b");
  });

  it("Traefik with a CA Secret the team manages: the ServersTransport points at it, nothing else made", async () => {
    const via = new edge.IngressController("traefik-c", {
      namespace: "traefik-c",
      defaultCertificate: { secretName: "edge-tls" },
    });
    new edge.TlsIngress("tc", {
      via,
      namespace: NS,
      hosts: HOSTS,
      backend: { service: SERVICE, port: 8443 },
      strategy: "reencrypt",
      certificate: { secretName: "shop-tls", dnsNames: HOSTS },
      backendTls: { caBundle: { kind: "Secret", name: "team-ca" } },
    });
    await settle();
    const st = emitted("ServersTransport", NS, "tc-backend");
    assert.deepEqual(st["spec"].rootCAs, [{ secret: "team-ca" }]);
    assert.equal(engine.resources.filter((r) => r.name === "tc-backend-ca").length, 0);
    assert.equal(emitted("IngressRoute", NS, "tc")["spec"].tls.secretName, "shop-tls");
    await checkAll(engine);
  });

  it("Gateway API: BackendTLSPolicy targets the route's backend and names a ConfigMap with ca.crt", async () => {
    // A Gateway of some other class: tls-edge's own Traefik Gateways take `controller` instead.
    const gw = new edge.TlsGateway("gw", {
      gatewayClassName: "platform-gateway",
      namespace: "gateways",
      hosts: HOSTS,
      secretName: "gw-tls",
      allowedRoutes: "All",
    });
    new edge.TlsIngress("g", {
      via: gw,
      namespace: NS,
      hosts: HOSTS,
      backend: { service: SERVICE, port: 8443 },
      strategy: "reencrypt",
      backendTls: { caBundle: { pem: ca.cert } },
    });
    await settle();
    const route = emitted("HTTPRoute", NS, "g");
    const policy = emitted("BackendTLSPolicy", NS, "g-backend-tls");
    const validate = upstreamCrdValidator(policy.apiVersion, policy.kind);
    assert.ok(validate, "Gateway API v1.5.1 defines BackendTLSPolicy v1");
    validate.call(JSON.parse(JSON.stringify(policy)));
    // httproute.go: policies in the backend's namespace whose targetRef names the backendRef.
    const [target] = policy["spec"].targetRefs;
    assert.deepEqual(target, { group: "", kind: "Service", name: SERVICE });
    assert.equal(route["spec"].rules[0].backendRefs[0].name, target.name);
    const [ref] = policy["spec"].validation.caCertificateRefs;
    assert.equal(ref.group, "");
    assert.equal(ref.kind, "ConfigMap");
    const cm = emitted("ConfigMap", NS, ref.name);
    assertVerifiesBackend(dataOf(cm, "ca.crt"), policy["spec"].validation.hostname, "ConfigMap");
    await checkAll(engine);
  });

  it("refuses reencrypt it cannot verify, before registering anything", async () => {
    const via = new edge.IngressController("haproxy-v", {
      controller: "haproxy",
      namespace: "haproxy-v",
      defaultCertificate: { secretName: "edge-tls" },
    });
    await settle();
    const before = engine.resources.length;
    const base = {
      via,
      namespace: NS,
      hosts: HOSTS,
      backend: { service: SERVICE, port: 8443 },
      strategy: "reencrypt" as const,
      certificate: { secretName: "shop-tls" },
    };
    const cases: [object, string][] = [
      [
        { backendTls: {} },
        'TlsIngressArgs.backendTls.caBundle: is missing, so the backend\'s certificate cannot be verified; give { pem } (the CA certificate, e.g. InternalCa.caCertPem) or { kind: "Secret" | "ConfigMap", name } of an object holding it',
      ],
      [
        { backendTls: { caBundle: { kind: "ConfigMap", name: "ca" } } },
        'TlsIngressArgs.backendTls.caBundle.kind: haproxy reads the backend CA from a Secret (tls.crt), got a ConfigMap; give caBundle: { pem } (the CA certificate) or { kind: "Secret", name } holding it in tls.crt',
      ],
      [
        { backendTls: { caBundle: { pem: "not a certificate" } } },
        'TlsIngressArgs.backendTls.caBundle.pem: is not a PEM CA bundle (TlsIngressArgs.backendTls.caBundle.pem: no "-----BEGIN CERTIFICATE-----" block found; pass PEM text, the leaf certificate first, then its chain); pass the CA certificate\'s PEM text',
      ],
      [
        { backendTls: { caBundle: { pem: ca.cert, kind: "Secret", name: "ca" } } },
        'TlsIngressArgs.backendTls.caBundle: sets both pem and kind/name; give { pem } (the CA certificate, e.g. InternalCa.caCertPem) or { kind: "Secret" | "ConfigMap", name } of an object holding it, not both',
      ],
    ];
    for (const [extra, message] of cases) {
      assert.throws(() => new edge.TlsIngress("bad", { ...base, ...extra } as never), { message });
    }
    await settle();
    assert.equal(engine.resources.length, before);
  });
});
