import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks, checkAll, inputsOf, settle } from "../helpers/mocks";

const engine = useMocks();

type Edge = typeof import("../../components/edge/index.js");
let edge: Edge;
let TestIssuer: typeof import("./issuer.js").TestIssuer;
let issuer: InstanceType<typeof TestIssuer>;

function valueOf<T>(output: { apply<U>(f: (t: T) => U): unknown }): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

const SELECT = "edge.tls-edge.io/controller";
const CIPHERS =
  "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:" +
  "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

function preferred(release: string) {
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        {
          weight: 100,
          podAffinityTerm: {
            labelSelector: { matchLabels: { [SELECT]: release } },
            topologyKey: "kubernetes.io/hostname",
          },
        },
      ],
    },
  };
}
function required(release: string) {
  return {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        {
          labelSelector: { matchLabels: { [SELECT]: release } },
          topologyKey: "kubernetes.io/hostname",
        },
      ],
    },
  };
}
function spread(release: string) {
  return [
    {
      maxSkew: 1,
      topologyKey: "topology.kubernetes.io/zone",
      whenUnsatisfiable: "ScheduleAnyway",
      labelSelector: { matchLabels: { [SELECT]: release } },
    },
  ];
}
const HA = {
  replicas: 3,
  antiAffinity: "required",
  nodes: 3,
  zoneSpread: true,
  podDisruptionBudget: { minAvailable: 2 },
} as const;

describe("IngressController", () => {
  before(async () => {
    edge = await import("../../components/edge/index.js");
    ({ TestIssuer } = await import("./issuer.js"));
    issuer = new TestIssuer("le");
  });

  describe("traefik", () => {
    const traefikDefaults = {
      deployment: {
        kind: "Deployment",
        replicas: 2,
        podLabels: { [SELECT]: "traefik" },
        podAnnotations: {},
      },
      ingressClass: { enabled: true, isDefaultClass: false, name: "traefik" },
      providers: { kubernetesIngress: { enabled: true } },
      ports: {
        web: {
          http: {
            redirections: { entryPoint: { to: "websecure", scheme: "https", permanent: true } },
          },
        },
        websecure: { http: { middlewares: ["traefik-traefik-hsts@kubernetescrd"] } },
      },
      extraObjects: [
        {
          apiVersion: "traefik.io/v1alpha1",
          kind: "Middleware",
          metadata: { name: "traefik-hsts", namespace: "traefik" },
          spec: { headers: { stsSeconds: 31536000, stsIncludeSubdomains: true } },
        },
      ],
      tlsOptions: {
        default: {
          minVersion: "VersionTLS12",
          cipherSuites: [
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
          ],
        },
      },
      tlsStore: { default: { defaultCertificate: { secretName: "tr-default-tls" } } },
      podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
      affinity: preferred("traefik"),
      topologySpreadConstraints: [],
      autoscaling: { enabled: false },
      metrics: { prometheus: { service: { enabled: true }, serviceMonitor: { enabled: true } } },
    };

    it("installs the pinned chart in its own namespace with TLS defaults on", async () => {
      const c = new edge.IngressController("tr", {
        defaultCertificate: { issuer, dnsNames: ["edge.example.com"] },
      });
      await settle();
      const comp = engine.named("tr");
      assert.equal(comp.type, "tls-edge:edge:IngressController");
      const ns = engine.named("tr-namespace");
      assert.equal(ns.type, "kubernetes:core/v1:Namespace");
      assert.equal(ns.parent, comp.urn);
      assert.deepEqual(inputsOf(engine, "tr-namespace")["metadata"], { name: "traefik" });

      const cert = engine.named("tr-default-certificate");
      assert.equal(cert.type, "kubernetes:cert-manager.io/v1:Certificate");
      assert.equal(cert.parent, comp.urn);
      assert.deepEqual(inputsOf(engine, "tr-default-certificate")["spec"], {
        secretName: "tr-default-tls",
        dnsNames: ["edge.example.com"],
        issuerRef: { name: "le", kind: "ClusterIssuer", group: "cert-manager.io" },
        privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
      });
      assert.ok(cert.dependencies.includes(engine.named("le-issuer").urn));

      const release = engine.named("tr-release");
      assert.equal(release.type, "kubernetes:helm.sh/v3:Release");
      assert.equal(release.parent, comp.urn);
      const inputs = inputsOf(engine, "tr-release");
      assert.equal(inputs["name"], "traefik");
      assert.equal(inputs["chart"], "traefik");
      assert.equal(inputs["version"], "41.3.0");
      assert.deepEqual(inputs["repositoryOpts"], { repo: "https://traefik.github.io/charts" });
      assert.equal(inputs["namespace"], "traefik");
      assert.equal(inputs["createNamespace"], false);
      assert.deepEqual(inputs["values"], traefikDefaults);
      assert.deepEqual(await valueOf(c.values), traefikDefaults);
      assert.ok(release.dependencies.includes(cert.urn));
      assert.ok(release.dependencies.includes(ns.urn));

      assert.equal(c.ingressClassName, "traefik");
      assert.equal(c.namespace, "traefik");
      assert.equal(c.serviceName, "traefik");
      assert.equal(c.controller, "traefik");
      assert.equal(c.mesh, undefined);
      assert.deepEqual(c.tlsStrategies, ["edge", "reencrypt"]);
      await checkAll(engine);
    });

    it("maps an HA setup, Istio and a TLS 1.3 floor onto Traefik's keys", async () => {
      const c = new edge.IngressController("tr-ha", {
        ...HA,
        namespace: "edge",
        ingressClassName: "public",
        mesh: { provider: "istio" },
        tls: { minVersion: "1.3", hsts: { maxAgeSeconds: 600, includeSubDomains: false } },
        defaultCertificate: { secretName: "wildcard-tls" },
      });
      await settle();
      assert.deepEqual(inputsOf(engine, "tr-ha-release")["values"], {
        deployment: {
          kind: "Deployment",
          replicas: 3,
          podLabels: { [SELECT]: "traefik", "sidecar.istio.io/inject": "true" },
          podAnnotations: {
            "traffic.sidecar.istio.io/includeInboundPorts": "",
            "traffic.sidecar.istio.io/excludeInboundPorts": "8000,8443",
          },
        },
        ingressClass: { enabled: true, isDefaultClass: false, name: "public" },
        providers: { kubernetesIngress: { enabled: true, nativeLBByDefault: true } },
        ports: traefikDefaults.ports && {
          web: traefikDefaults.ports.web,
          websecure: { http: { middlewares: ["edge-traefik-hsts@kubernetescrd"] } },
        },
        extraObjects: [
          {
            apiVersion: "traefik.io/v1alpha1",
            kind: "Middleware",
            metadata: { name: "traefik-hsts", namespace: "edge" },
            spec: { headers: { stsSeconds: 600, stsIncludeSubdomains: false } },
          },
        ],
        tlsOptions: { default: { minVersion: "VersionTLS13" } },
        tlsStore: { default: { defaultCertificate: { secretName: "wildcard-tls" } } },
        podDisruptionBudget: { enabled: true, minAvailable: 2 },
        affinity: required("traefik"),
        topologySpreadConstraints: spread("traefik"),
        autoscaling: { enabled: false },
        metrics: { prometheus: { service: { enabled: true }, serviceMonitor: { enabled: true } } },
      });
      assert.deepEqual(c.mesh, { provider: "istio" });
      assert.equal(c.defaultCertificateSecret, "wildcard-tls");
      // An existing secret: no Certificate of our own.
      assert.equal(
        engine.resources.filter((r) => r.name === "tr-ha-default-certificate").length,
        0,
      );
      await checkAll(engine);
    });
  });

  describe("haproxy", () => {
    it("sets the chart's own keys, PodDisruptionBudget.enable included", async () => {
      const c = new edge.IngressController("hap", {
        controller: "haproxy",
        defaultCertificate: { issuer, dnsNames: ["edge.example.com"] },
      });
      await settle();
      const inputs = inputsOf(engine, "hap-release");
      assert.equal(inputs["chart"], "kubernetes-ingress");
      assert.equal(inputs["name"], "haproxy");
      assert.deepEqual(inputs["repositoryOpts"], {
        repo: "https://haproxytech.github.io/helm-charts",
      });
      assert.deepEqual(inputs["values"], {
        controller: {
          kind: "Deployment",
          replicaCount: 2,
          podLabels: { [SELECT]: "haproxy" },
          podAnnotations: {},
          ingressClass: "haproxy",
          ingressClassResource: { name: "haproxy", default: false },
          defaultTLSSecret: {
            enabled: true,
            secretNamespace: "haproxy",
            secret: "hap-default-tls",
          },
          config: {
            "ssl-redirect": "true",
            "ssl-redirect-code": "301",
            "response-set-header":
              'Strict-Transport-Security "max-age=31536000; includeSubDomains"',
            "global-config-snippet":
              "ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets\n" +
              `ssl-default-bind-ciphers ${CIPHERS}`,
          },
          PodDisruptionBudget: { enable: true, maxUnavailable: 1 },
          affinity: preferred("haproxy"),
          topologySpreadConstraints: [],
          autoscaling: { enabled: false },
          serviceMonitor: { enabled: true },
        },
      });
      assert.equal(c.serviceName, "haproxy-kubernetes-ingress");
      assert.deepEqual(c.tlsStrategies, ["edge", "passthrough", "reencrypt"]);
      await checkAll(engine);
    });

    it("maps HA with autoscaling and Linkerd", async () => {
      new edge.IngressController("hap-ha", {
        controller: "haproxy",
        autoscaling: { min: 3, max: 6, targetCPU: 70 },
        antiAffinity: "required",
        nodes: 6,
        zoneSpread: true,
        podDisruptionBudget: { minAvailable: 2 },
        mesh: { provider: "linkerd" },
        tls: { redirectToHttps: false, hsts: false },
        serviceMonitor: false,
        defaultCertificate: { secretName: "edge-tls" },
      });
      await settle();
      const values = inputsOf(engine, "hap-ha-release")["values"] as Record<string, unknown>;
      assert.deepEqual(values, {
        controller: {
          kind: "Deployment",
          podLabels: { [SELECT]: "haproxy" },
          podAnnotations: { "linkerd.io/inject": "enabled" },
          ingressClass: "haproxy",
          ingressClassResource: { name: "haproxy", default: false },
          defaultTLSSecret: { enabled: true, secretNamespace: "haproxy", secret: "edge-tls" },
          config: {
            "global-config-snippet":
              "ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets\n" +
              `ssl-default-bind-ciphers ${CIPHERS}`,
          },
          PodDisruptionBudget: { enable: true, minAvailable: 2 },
          affinity: required("haproxy"),
          topologySpreadConstraints: spread("haproxy"),
          autoscaling: {
            enabled: true,
            minReplicas: 3,
            maxReplicas: 6,
            targetCPUUtilizationPercentage: 70,
          },
          serviceMonitor: { enabled: false },
        },
      });
      await checkAll(engine);
    });
  });

  describe("ingress-nginx", () => {
    const nginxConfig = {
      "ssl-redirect": "true",
      hsts: "true",
      "hsts-max-age": "31536000",
      "hsts-include-subdomains": "true",
      "hsts-preload": "false",
      "ssl-protocols": "TLSv1.2 TLSv1.3",
      "ssl-ciphers": CIPHERS,
    };

    it("warns that it is retired and wires the default certificate as <ns>/<secret>", async () => {
      const pulumi = await import("@pulumi/pulumi");
      const warnings: string[] = [];
      const original = pulumi.log.warn;
      (pulumi.log as { warn: typeof original }).warn = async (msg: string) => {
        warnings.push(msg);
      };
      let c: InstanceType<Edge["IngressController"]>;
      try {
        c = new edge.IngressController("ngx", {
          controller: "ingress-nginx",
          defaultCertificate: { issuer, dnsNames: ["edge.example.com"] },
        });
      } finally {
        (pulumi.log as { warn: typeof original }).warn = original;
      }
      await settle();
      assert.deepEqual(warnings, [
        "ingress-nginx is retired: maintenance ended in March 2026 and it gets no more fixes; " +
          'prefer controller "traefik" or "haproxy", or a TlsGateway',
      ]);
      const inputs = inputsOf(engine, "ngx-release");
      assert.equal(inputs["chart"], "ingress-nginx");
      assert.equal(inputs["version"], "4.15.1");
      assert.deepEqual(inputs["values"], {
        controller: {
          kind: "Deployment",
          replicaCount: 2,
          podLabels: { [SELECT]: "ingress-nginx" },
          podAnnotations: {},
          ingressClass: "nginx",
          ingressClassResource: { name: "nginx", enabled: true, default: false },
          config: nginxConfig,
          extraArgs: { "default-ssl-certificate": "ingress-nginx/ngx-default-tls" },
          maxUnavailable: 1,
          affinity: preferred("ingress-nginx"),
          topologySpreadConstraints: [],
          autoscaling: { enabled: false },
          metrics: { enabled: true, serviceMonitor: { enabled: true } },
        },
      });
      assert.equal(c.serviceName, "ingress-nginx-controller");
      assert.equal(c.ingressClassName, "nginx");
      assert.deepEqual(c.tlsStrategies, ["edge", "reencrypt"]);
      await checkAll(engine);
    });

    it("renders the PDB: replicaCount > 1 with minAvailable, passthrough and Istio", async () => {
      const c = new edge.IngressController("ngx-ha", {
        controller: "ingress-nginx",
        ...HA,
        sslPassthrough: true,
        mesh: { provider: "istio" },
        defaultCertificate: { secretName: "edge-tls" },
      });
      await settle();
      const values = inputsOf(engine, "ngx-ha-release")["values"] as {
        controller: Record<string, unknown>;
      };
      assert.deepEqual(values, {
        controller: {
          kind: "Deployment",
          replicaCount: 3,
          podLabels: { [SELECT]: "ingress-nginx", "sidecar.istio.io/inject": "true" },
          podAnnotations: {
            "traffic.sidecar.istio.io/includeInboundPorts": "",
            "traffic.sidecar.istio.io/excludeInboundPorts": "80,443",
          },
          ingressClass: "nginx",
          ingressClassResource: { name: "nginx", enabled: true, default: false },
          config: nginxConfig,
          extraArgs: {
            "default-ssl-certificate": "ingress-nginx/edge-tls",
            "enable-ssl-passthrough": "true",
          },
          minAvailable: 2,
          affinity: required("ingress-nginx"),
          topologySpreadConstraints: spread("ingress-nginx"),
          autoscaling: { enabled: false },
          metrics: { enabled: true, serviceMonitor: { enabled: true } },
        },
      });
      // The chart's own condition for rendering its PodDisruptionBudget.
      assert.ok((values.controller["replicaCount"] as number) > 1);
      assert.deepEqual(c.tlsStrategies, ["edge", "passthrough", "reencrypt"]);
      await checkAll(engine);
    });

    it("with autoscaling, minReplicas > 1 makes the chart render the PDB", async () => {
      new edge.IngressController("ngx-hpa", {
        controller: "ingress-nginx",
        autoscaling: { min: 2, max: 5 },
        defaultCertificate: { secretName: "edge-tls" },
      });
      await settle();
      const c = (
        inputsOf(engine, "ngx-hpa-release")["values"] as { controller: Record<string, unknown> }
      ).controller;
      assert.equal(c["replicaCount"], undefined);
      assert.deepEqual(c["autoscaling"], {
        enabled: true,
        minReplicas: 2,
        maxReplicas: 5,
        targetCPUUtilizationPercentage: 80,
      });
      assert.equal(c["maxUnavailable"], 1);
      await checkAll(engine);
    });

    it("runs as a DaemonSet without replicas, budget or anti-affinity", async () => {
      new edge.IngressController("ngx-ds", {
        controller: "ingress-nginx",
        kind: "DaemonSet",
        defaultCertificate: { secretName: "edge-tls" },
      });
      await settle();
      const c = (
        inputsOf(engine, "ngx-ds-release")["values"] as { controller: Record<string, unknown> }
      ).controller;
      assert.equal(c["kind"], "DaemonSet");
      assert.equal("replicaCount" in c, false);
      assert.equal("maxUnavailable" in c, false);
      assert.equal("minAvailable" in c, false);
      assert.deepEqual(c["affinity"], {});
    });
  });

  it("installChart: false skips the Release but still exposes values and names", async () => {
    const c = new edge.IngressController("offline", {
      controller: "haproxy",
      installChart: false,
      defaultCertificate: { secretName: "edge-tls" },
    });
    await settle();
    assert.equal(engine.resources.filter((r) => r.name === "offline-release").length, 0);
    assert.equal(c.release, undefined);
    const values = (await valueOf(c.values)) as { controller: Record<string, unknown> };
    assert.equal(values.controller["replicaCount"], 2);
    assert.equal(c.serviceName, "haproxy-kubernetes-ingress");
    assert.deepEqual(
      engine.childrenOf(engine.named("offline").urn).map((r) => r.name),
      ["offline-namespace"],
    );
    await checkAll(engine);
  });
});
