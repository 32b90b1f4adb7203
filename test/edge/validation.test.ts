import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks, settle } from "../helpers/mocks";

const engine = useMocks();

type Edge = typeof import("../../components/edge/index.js");
let edge: Edge;
let TestIssuer: typeof import("./issuer.js").TestIssuer;
let le: InstanceType<typeof TestIssuer>;
let httpOnly: InstanceType<typeof TestIssuer>;
let traefik: InstanceType<Edge["IngressController"]>;
let nginx: InstanceType<Edge["IngressController"]>;
let gw: InstanceType<Edge["TlsGateway"]>;

const CERT = { secretName: "edge-tls" };

/** Construction throws exactly `message` and registers nothing under `name`. */
async function rejects(name: string, make: () => unknown, message: string): Promise<void> {
  const before = engine.resources.length;
  assert.throws(make, { message });
  await settle();
  assert.equal(engine.resources.length, before);
  assert.equal(engine.resources.filter((r) => r.name.startsWith(name)).length, 0);
}

describe("validation", () => {
  before(async () => {
    edge = await import("../../components/edge/index.js");
    ({ TestIssuer } = await import("./issuer.js"));
    le = new TestIssuer("le");
    httpOnly = new TestIssuer("le-http", { wildcards: false });
    traefik = new edge.IngressController("v-traefik", { defaultCertificate: CERT });
    nginx = new edge.IngressController("v-nginx", {
      controller: "ingress-nginx",
      defaultCertificate: CERT,
    });
    gw = new edge.TlsGateway("v-gw", {
      gatewayClassName: "istio",
      namespace: "gateways",
      hosts: ["shop.example.com"],
      issuer: le,
    });
    await settle();
  });

  describe("IngressController", () => {
    it("PDB minAvailable >= replicas blocks every eviction", async () => {
      await rejects(
        "bad-pdb",
        () =>
          new edge.IngressController("bad-pdb", {
            replicas: 2,
            podDisruptionBudget: { minAvailable: 2 },
            defaultCertificate: CERT,
          }),
        "IngressControllerArgs.podDisruptionBudget.minAvailable: 2 is not below the 2 replicas, so it blocks every eviction and node drain; use at most 1, or maxUnavailable: 1",
      );
    });

    it("required anti-affinity with more replicas than nodes", async () => {
      await rejects(
        "bad-aa",
        () =>
          new edge.IngressController("bad-aa", {
            replicas: 4,
            antiAffinity: "required",
            nodes: 3,
            defaultCertificate: CERT,
          }),
        'IngressControllerArgs.antiAffinity: "required" with 4 replicas on 3 nodes leaves 1 pod(s) unschedulable; use "preferred", or at most 3 replicas',
      );
    });

    it("required anti-affinity with an autoscaler that can outgrow the nodes", async () => {
      await rejects(
        "bad-aa-hpa",
        () =>
          new edge.IngressController("bad-aa-hpa", {
            autoscaling: { min: 2, max: 5 },
            antiAffinity: "required",
            nodes: 3,
            defaultCertificate: CERT,
          }),
        'IngressControllerArgs.antiAffinity: "required" with autoscaling.max 5 on 3 nodes leaves 2 pod(s) unschedulable; use "preferred", or at most 3 replicas',
      );
    });

    it("DaemonSet with replicas, autoscaling, budget, anti-affinity and spread: every problem at once", async () => {
      await rejects(
        "bad-ds",
        () =>
          new edge.IngressController("bad-ds", {
            kind: "DaemonSet",
            replicas: 3,
            autoscaling: { min: 2, max: 4 },
            podDisruptionBudget: { maxUnavailable: 1 },
            antiAffinity: "required",
            zoneSpread: true,
            defaultCertificate: CERT,
          }),
        [
          'IngressControllerArgs.replicas: is set on a DaemonSet, which runs one pod per node; drop replicas or use kind "Deployment"',
          'IngressControllerArgs.autoscaling: is set on a DaemonSet, which an autoscaler cannot scale; drop autoscaling or use kind "Deployment"',
          'IngressControllerArgs.podDisruptionBudget: is set on a DaemonSet, whose pods node drains do not evict; drop podDisruptionBudget or use kind "Deployment"',
          'IngressControllerArgs.antiAffinity: "required" on a DaemonSet has no effect: it already runs one pod per node; drop antiAffinity or use kind "Deployment"',
          'IngressControllerArgs.zoneSpread: is set on a DaemonSet, which runs on every node of every zone; drop zoneSpread or use kind "Deployment"',
          "IngressControllerArgs.replicas: is set together with autoscaling, which owns the replica count; drop replicas and size with autoscaling.min",
        ].join("\n"),
      );
    });

    it("autoscaling with resources but no CPU request, and malformed quantities", async () => {
      await rejects(
        "bad-hpa-resources",
        () =>
          new edge.IngressController("bad-hpa-resources", {
            autoscaling: { min: 2, max: 4 },
            resources: { requests: { memory: "lots" }, limits: { cpu: "-1" } },
            defaultCertificate: CERT,
          }),
        [
          'IngressControllerArgs.resources.requests.cpu: is missing while autoscaling is on, and an autoscaler on CPU utilisation takes no action without a CPU request; set it (e.g. "100m"), or drop resources to use the defaults (requests cpu 100m, memory 128Mi)',
          'IngressControllerArgs.resources.limits.cpu: "-1" is not a positive Kubernetes quantity; use e.g. "100m"',
          'IngressControllerArgs.resources.requests.memory: "lots" is not a positive Kubernetes quantity; use e.g. "128Mi"',
        ].join("\n"),
      );
    });

    it("a limit below its request", async () => {
      await rejects(
        "bad-limits",
        () =>
          new edge.IngressController("bad-limits", {
            resources: {
              requests: { cpu: "1", memory: "1Gi" },
              limits: { cpu: "500m", memory: "512Mi" },
            },
            defaultCertificate: CERT,
          }),
        [
          "IngressControllerArgs.resources.limits.cpu: 500m is below the request 1, which Kubernetes rejects; raise the limit to at least 1",
          "IngressControllerArgs.resources.limits.memory: 512Mi is below the request 1Gi, which Kubernetes rejects; raise the limit to at least 1Gi",
        ].join("\n"),
      );
    });

    it("a Gateway API provider on a controller that has none tls-edge configures", async () => {
      const crds = new edge.GatewayApiCrds("v-haproxy-gateway-api");
      await settle();
      await rejects(
        "bad-gw-haproxy",
        () =>
          new edge.IngressController("bad-gw-haproxy", {
            controller: "haproxy",
            gatewayApi: crds,
            defaultCertificate: CERT,
          }),
        'IngressControllerArgs.gatewayApi: "haproxy" has no Gateway API provider tls-edge configures; drop gatewayApi, or use controller "traefik"',
      );
    });

    it("autoscaling min > max", async () => {
      await rejects(
        "bad-hpa",
        () =>
          new edge.IngressController("bad-hpa", {
            autoscaling: { min: 5, max: 3 },
            defaultCertificate: CERT,
          }),
        "IngressControllerArgs.autoscaling: min 5 is greater than max 3; make max at least min",
      );
    });

    it("a budget on a single replica protects nothing (and ingress-nginx would not render it)", async () => {
      await rejects(
        "bad-one",
        () =>
          new edge.IngressController("bad-one", {
            controller: "ingress-nginx",
            replicas: 1,
            podDisruptionBudget: { maxUnavailable: 1 },
            defaultCertificate: CERT,
          }),
        "IngressControllerArgs.podDisruptionBudget: is set with 1 replica, so it protects nothing (ingress-nginx does not even render it); run at least 2 replicas or drop podDisruptionBudget",
      );
    });

    it("no default certificate names the controller's fake one", async () => {
      await rejects(
        "bad-nocert",
        () =>
          new edge.IngressController("bad-nocert", {
            controller: "ingress-nginx",
          } as unknown as import("../../components/edge/index.js").IngressControllerArgs),
        'IngressControllerArgs.defaultCertificate: is missing, so clients without a matching SNI get the controller\'s "Kubernetes Ingress Controller Fake Certificate" certificate; give an issuer and dnsNames, or the secretName of an existing TLS Secret',
      );
    });

    it("invalid default certificate names, a wildcard without DNS-01, an Issuer elsewhere", async () => {
      await rejects(
        "bad-names",
        () =>
          new edge.IngressController("bad-names", {
            defaultCertificate: {
              issuer: httpOnly,
              dnsNames: ["Edge.example.com", "*.example.com", "localhost"],
            },
          }),
        [
          'IngressControllerArgs.defaultCertificate.dnsNames[0]: "Edge.example.com" has upper-case letters; use a lower-case DNS name such as edge.example.com',
          'IngressControllerArgs.defaultCertificate.dnsNames[1]: "*.example.com" is a wildcard but the issuer "le-http" cannot issue wildcards; use an issuer with a DNS-01 solver or drop the wildcard',
          'IngressControllerArgs.defaultCertificate.dnsNames[2]: "localhost" has a single label; use a lower-case DNS name such as edge.example.com',
        ].join("\n"),
      );
      const nsIssuer = new TestIssuer("team-ca", { namespace: "team" });
      await settle();
      await rejects(
        "bad-ns-issuer",
        () =>
          new edge.IngressController("bad-ns-issuer", {
            defaultCertificate: { issuer: nsIssuer, dnsNames: ["edge.example.com"] },
          }),
        'IngressControllerArgs.defaultCertificate.issuer: the Issuer "team-ca" lives in namespace "team", not "traefik"; use a ClusterIssuer or an Issuer in the controller\'s namespace',
      );
    });

    it("passthrough switch on Traefik, monitor without metrics, bad class name", async () => {
      await rejects(
        "bad-misc",
        () =>
          new edge.IngressController("bad-misc", {
            ingressClassName: "Public_Class",
            sslPassthrough: true,
            metrics: false,
            serviceMonitor: true,
            defaultCertificate: CERT,
          }),
        [
          "IngressControllerArgs.ingressClassName: \"Public_Class\" is not a valid Kubernetes name; use lower-case letters, digits and '-', at most 63 characters",
          "IngressControllerArgs.serviceMonitor: is on while metrics are off; turn metrics on or drop serviceMonitor",
          "IngressControllerArgs.sslPassthrough: Traefik passes TLS through only with IngressRouteTCP, which tls-edge does not emit; use a TlsGateway passthrough listener, or controller haproxy or ingress-nginx",
        ].join("\n"),
      );
    });
  });

  describe("TlsIngress", () => {
    const base = { namespace: "shop", backend: { service: "web", port: 8080 } };

    it("a wildcard host with an issuer that has no DNS-01 solver", async () => {
      await rejects(
        "bad-wild",
        () =>
          new edge.TlsIngress("bad-wild", {
            ...base,
            via: traefik,
            hosts: ["shop.example.com", "*.example.com"],
            certificate: { issuer: httpOnly },
          }),
        'TlsIngressArgs.hosts[1]: "*.example.com" is a wildcard but the issuer "le-http" cannot issue wildcards; use an issuer with a DNS-01 solver or drop the wildcard',
      );
    });

    it("a host not covered by the certificate's names", async () => {
      await rejects(
        "bad-cover",
        () =>
          new edge.TlsIngress("bad-cover", {
            ...base,
            via: traefik,
            hosts: ["shop.example.com", "a.b.example.com"],
            certificate: { secretName: "shop-tls", dnsNames: ["*.example.com"] },
          }),
        'TlsIngressArgs.hosts[1]: "a.b.example.com" is not covered by any certificate (dnsNames: *.example.com); add it to the certificate\'s dnsNames or drop the host',
      );
    });

    it("invalid host names, bad port and no certificate", async () => {
      await rejects(
        "bad-hosts",
        () =>
          new edge.TlsIngress("bad-hosts", {
            namespace: "shop",
            via: traefik,
            hosts: ["shop.example.com.", "10.0.0.1", "bad_label.example.com"],
            backend: { service: "web", port: 70000 },
          }),
        [
          'TlsIngressArgs.hosts[0]: "shop.example.com." ends with a dot; use a lower-case DNS name such as app.example.com',
          'TlsIngressArgs.hosts[1]: "10.0.0.1" is an IP address; use a lower-case DNS name such as app.example.com',
          'TlsIngressArgs.hosts[2]: "bad_label.example.com" has an invalid label "bad_label"; use a lower-case DNS name such as app.example.com',
          "TlsIngressArgs.backend.port: 70000 is not a port number; use 1-65535",
          "TlsIngressArgs.certificate: is missing, so no certificate covers the hosts; give an issuer (cert-manager annotation) or the secretName of a TLS Secret",
        ].join("\n"),
      );
    });

    it("passthrough with a certificate and paths; reencrypt without backendTls", async () => {
      const haproxy = new edge.IngressController("v-haproxy", {
        controller: "haproxy",
        defaultCertificate: CERT,
      });
      await settle();
      await rejects(
        "bad-pt",
        () =>
          new edge.TlsIngress("bad-pt", {
            ...base,
            via: haproxy,
            hosts: ["db.example.com"],
            strategy: "passthrough",
            paths: [{ path: "/api" }],
            certificate: { issuer: le },
          }),
        [
          "TlsIngressArgs.certificate: is set for passthrough, where the backend terminates TLS with its own certificate; drop certificate",
          'TlsIngressArgs.paths: passthrough routes by SNI and never sees paths; drop paths or use "/" only',
        ].join("\n"),
      );
      await rejects(
        "bad-re",
        () =>
          new edge.TlsIngress("bad-re", {
            ...base,
            via: nginx,
            hosts: ["shop.example.com"],
            strategy: "reencrypt",
            certificate: { issuer: le },
          }),
        "TlsIngressArgs.backendTls: is missing for reencrypt, so the backend's certificate would go unverified; give the CA bundle that signs the backend's certificate",
      );
    });

    it("reencrypt needs a CA Secret on nginx and a CA bundle everywhere", async () => {
      await rejects(
        "bad-re-ngx",
        () =>
          new edge.TlsIngress("bad-re-ngx", {
            ...base,
            via: nginx,
            hosts: ["shop.example.com"],
            strategy: "reencrypt",
            certificate: { issuer: le },
            backendTls: { caBundle: { kind: "ConfigMap", name: "ca" } },
          }),
        'TlsIngressArgs.backendTls.caBundle.kind: ingress-nginx reads the backend CA from a Secret (ca.crt), got a ConfigMap; give caBundle: { pem } (the CA certificate) or { kind: "Secret", name } holding it in ca.crt',
      );
      await rejects(
        "bad-re-tr",
        () =>
          new edge.TlsIngress("bad-re-tr", {
            ...base,
            via: traefik,
            hosts: ["shop.example.com"],
            strategy: "reencrypt",
            certificate: { issuer: le },
            backendTls: { caBundle: { kind: "Secret", name: "Bad_Name" }, hostname: "*.shop.svc" },
          }),
        [
          `TlsIngressArgs.backendTls.caBundle.name: "Bad_Name" is not a valid object name; use lower-case letters, digits, '-' and '.'`,
          'TlsIngressArgs.backendTls.hostname: "*.shop.svc" is a wildcard; give the DNS name on the backend\'s certificate, e.g. web.shop.svc.cluster.local',
        ].join("\n"),
      );
    });

    it("on a Gateway: uncovered host, other namespace, passthrough without listener", async () => {
      await rejects(
        "bad-gw",
        () =>
          new edge.TlsIngress("bad-gw", {
            ...base,
            via: gw,
            hosts: ["shop.example.com", "blog.example.com"],
          }),
        [
          'TlsIngressArgs.namespace: "shop" differs from the TlsGateway\'s namespace "gateways", whose listeners accept routes from the same namespace only; set allowedRoutes: "All" on the TlsGateway or use its namespace',
          'TlsIngressArgs.hosts[1]: "blog.example.com" is not covered by any certificate on TlsGateway "v-gw" (hosts: shop.example.com); add it to the TlsGateway\'s hosts',
        ].join("\n"),
      );
      await rejects(
        "bad-gw-pt",
        () =>
          new edge.TlsIngress("bad-gw-pt", {
            ...base,
            namespace: "gateways",
            via: gw,
            hosts: ["shop.example.com"],
            strategy: "passthrough",
          }),
        'TlsIngressArgs.hosts[0]: "shop.example.com" has no passthrough listener on TlsGateway "v-gw"; add it to the TlsGateway\'s passthroughHosts',
      );
    });
  });

  describe("TlsGateway", () => {
    it("no class, or Traefik's class by name instead of its controller", async () => {
      await rejects(
        "bad-gw-class",
        () =>
          new edge.TlsGateway("bad-gw-class", {
            namespace: "gateways",
            passthroughHosts: ["db.example.com"],
          }),
        "TlsGatewayArgs.gatewayClassName: is missing; give the GatewayClass of an installed implementation, or controller: an IngressController with gatewayApi",
      );
      await rejects(
        "bad-gw-traefik",
        () =>
          new edge.TlsGateway("bad-gw-traefik", {
            gatewayClassName: "traefik",
            namespace: "gateways",
            passthroughHosts: ["db.example.com"],
          }),
        'TlsGatewayArgs.gatewayClassName: "traefik" is the class of tls-edge\'s traefik controller, whose listeners must use its own ports, not 80/443; give controller: the IngressController (with gatewayApi) instead',
      );
    });

    it("a controller without its Gateway provider, with a class and CRDs besides", async () => {
      const crds = new edge.GatewayApiCrds("v-gateway-api");
      await settle();
      await rejects(
        "bad-gw-controller",
        () =>
          new edge.TlsGateway("bad-gw-controller", {
            controller: traefik,
            gatewayClassName: "istio",
            crds,
            namespace: "traefik",
            passthroughHosts: ["db.example.com"],
          }),
        [
          "TlsGatewayArgs.gatewayClassName: is set together with controller, which brings its own GatewayClass; give one of them",
          "TlsGatewayArgs.controller: the traefik IngressController has its Gateway API provider off, so nothing would program this Gateway; create it with gatewayApi: a GatewayApiCrds",
          "TlsGatewayArgs.crds: is set together with controller, which brings its own; drop crds",
        ].join("\n"),
      );
    });

    it("no certificate source, duplicate and invalid hosts, bad class", async () => {
      await rejects(
        "bad-gateway",
        () =>
          new edge.TlsGateway("bad-gateway", {
            gatewayClassName: "Istio",
            namespace: "gateways",
            hosts: ["shop.example.com", "shop.example.com"],
            passthroughHosts: ["*"],
          }),
        [
          'TlsGatewayArgs.gatewayClassName: "Istio" is not a valid GatewayClass name; use the name of an installed GatewayClass, e.g. istio or envoy-gateway',
          'TlsGatewayArgs.hosts[1]: "shop.example.com" is listed twice; give each host one listener',
          'TlsGatewayArgs.passthroughHosts[0]: "*" has a single label; use a lower-case DNS name such as app.example.com',
          "TlsGatewayArgs.issuer: is missing, so the HTTPS listeners have no certificate; give an issuer (cert-manager issues one per host) or the secretName of an existing TLS Secret",
        ].join("\n"),
      );
    });

    it("an issuer and a secret at once, a wildcard without DNS-01, an Issuer elsewhere", async () => {
      const nsIssuer = new TestIssuer("apps-ca", { namespace: "apps", wildcards: false });
      await settle();
      await rejects(
        "bad-gateway2",
        () =>
          new edge.TlsGateway("bad-gateway2", {
            gatewayClassName: "istio",
            namespace: "gateways",
            hosts: ["*.example.com"],
            issuer: nsIssuer,
            secretName: "wild",
          }),
        [
          "TlsGatewayArgs.secretName: is set together with issuer; give one of them",
          'TlsGatewayArgs.hosts[0]: "*.example.com" is a wildcard but the issuer "apps-ca" cannot issue wildcards; use an issuer with a DNS-01 solver or drop the wildcard',
          'TlsGatewayArgs.issuer: the Issuer "apps-ca" lives in namespace "apps", not "gateways"; use a ClusterIssuer or an Issuer in the Gateway\'s namespace',
        ].join("\n"),
      );
    });
  });
});
