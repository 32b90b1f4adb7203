/**
 * Facts shared by the components and the policy pack: ACME directories, Helm charts and the
 * ingress controllers' images and built-in default certificates. One module so that what the
 * components install is what the policies recognise.
 */

import { canonicalAcmeUrl, lookupAcmeDirectory, sameAcmeDirectory } from "./lib/acme-url";

/** ACME directory URLs tls-edge knows, with their environment. */
export const ACME_DIRECTORIES = {
  letsencryptProduction: "https://acme-v02.api.letsencrypt.org/directory",
  letsencryptStaging: "https://acme-staging-v02.api.letsencrypt.org/directory",
  zerosslProduction: "https://acme.zerossl.com/v2/DV90",
  googleProduction: "https://dv.acme-v02.api.pki.goog/directory",
  googleStaging: "https://dv.acme-v02.test-api.pki.goog/directory",
  buypassProduction: "https://api.buypass.com/acme/directory",
  buypassStaging: "https://api.test4.buypass.no/acme/directory",
  sslcomProduction: "https://acme.ssl.com/sslcom-dv-rsa",
} as const;

/** The staging twin of a production directory (any spelling of it), where the CA has one. */
export function stagingTwinOf(url: string): string | undefined {
  return lookupAcmeDirectory(STAGING_TWIN, url);
}

/** Production directory → its staging twin, where the CA has one. */
export const STAGING_TWIN: Readonly<Record<string, string>> = {
  [ACME_DIRECTORIES.letsencryptProduction]: ACME_DIRECTORIES.letsencryptStaging,
  [ACME_DIRECTORIES.googleProduction]: ACME_DIRECTORIES.googleStaging,
  [ACME_DIRECTORIES.buypassProduction]: ACME_DIRECTORIES.buypassStaging,
};

export const AcmeEnvironment = {
  staging: "staging",
  production: "production",
  test: "test",
  unknown: "unknown",
} as const;
export type AcmeEnvironment = (typeof AcmeEnvironment)[keyof typeof AcmeEnvironment];

const PRODUCTION = new Set<string>([
  ACME_DIRECTORIES.letsencryptProduction,
  ACME_DIRECTORIES.zerosslProduction,
  ACME_DIRECTORIES.googleProduction,
  ACME_DIRECTORIES.buypassProduction,
  ACME_DIRECTORIES.sslcomProduction,
]);
const STAGING = new Set<string>([
  ACME_DIRECTORIES.letsencryptStaging,
  ACME_DIRECTORIES.googleStaging,
  ACME_DIRECTORIES.buypassStaging,
]);

/**
 * The environment of an ACME directory URL: a known production or staging CA, a local test CA
 * (Pebble, step-ca on loopback or a cluster-local name), or unknown.
 */
export function acmeEnvironment(url: string): AcmeEnvironment {
  const canonical = canonicalAcmeUrl(url);
  if (canonical === undefined) return AcmeEnvironment.unknown;
  for (const p of PRODUCTION)
    if (sameAcmeDirectory(p, canonical)) return AcmeEnvironment.production;
  for (const s of STAGING) if (sameAcmeDirectory(s, canonical)) return AcmeEnvironment.staging;
  const host = new URL(canonical).hostname;
  // A production CA's own host never says staging or test as a word of its own (a label, or a
  // dash-separated part such as acme-staging-v02 or test-api); "contest" or "latest" does not.
  if (/(^|[.-])(staging|test)\d*([.-]|$)/.test(host)) return AcmeEnvironment.staging;
  if (
    host === "localhost" ||
    host.startsWith("127.") ||
    host === "[::1]" ||
    host.endsWith(".svc") ||
    host.endsWith(".svc.cluster.local") ||
    host.includes("pebble")
  ) {
    return AcmeEnvironment.test;
  }
  return AcmeEnvironment.unknown;
}

/**
 * What cert-manager's Route53 DNS-01 solver changes, as the values of Route53's IAM condition
 * keys: TXT records named `_acme-challenge.<name>` (normalized: lower case, no trailing dot),
 * through UPSERT and DELETE only (cert-manager v1.21.1 `pkg/issuer/acme/dns/route53/route53.go`:
 * `Present` and `CleanUp` call `changeRecord` with `ChangeActionUpsert` and `ChangeActionDelete`).
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/specifying-rrset-conditions.html
 */
export const ROUTE53_DNS01_CHANGES = {
  recordTypes: ["TXT"],
  recordNamePrefix: "_acme-challenge.",
  actions: ["UPSERT", "DELETE"],
} as const;

/**
 * Cloudflare permission groups of a DNS-01 token: the two cert-manager needs (Zone / DNS / Edit,
 * Zone / Zone / Read) and DNS Read, which it may hold too. The ids are public and the same in
 * every account (the List permission groups API returns them); names as the dashboard shows them.
 * @see https://developers.cloudflare.com/fundamentals/api/reference/permissions/
 */
export const CLOUDFLARE_DNS01_PERMISSIONS = {
  dnsWrite: { id: "4755a26eedb94da69e1066d98aa820be", name: "DNS Write" },
  zoneRead: { id: "c8fed203ed3043cba015a93ad1616f1f", name: "Zone Read" },
  dnsRead: { id: "82e64a83756745bbbb1c9c2701bf816b", name: "DNS Read" },
} as const;

/** The ingress controllers tls-edge installs. */
export const ControllerKind = {
  traefik: "traefik",
  haproxy: "haproxy",
  ingressNginx: "ingress-nginx",
} as const;
export type ControllerKind = (typeof ControllerKind)[keyof typeof ControllerKind];

/** A pinned Helm chart. */
export interface ChartRef {
  readonly chart: string;
  readonly version: string;
  readonly repo: string;
}

/**
 * Pinned charts. Each version is one the chart's published index lists (see
 * docs/development.md, "Chart versions"); cert-manager and Traefik are the chart sources the
 * tests render with Helm. Bump them together with the values mappers that depend on their keys.
 */
export const CHARTS = {
  certManager: { chart: "cert-manager", version: "v1.21.1", repo: "https://charts.jetstack.io" },
  traefik: { chart: "traefik", version: "41.3.0", repo: "https://traefik.github.io/charts" },
  haproxy: {
    chart: "kubernetes-ingress",
    version: "1.49.0",
    repo: "https://haproxytech.github.io/helm-charts",
  },
  ingressNginx: {
    chart: "ingress-nginx",
    version: "4.15.1",
    repo: "https://kubernetes.github.io/ingress-nginx",
  },
} as const satisfies Record<string, ChartRef>;

/**
 * The Gateway API release tls-edge installs its CRDs from (chart 41 of Traefik ships none).
 * v1.5 is the first with TLSRoute `gateway.networking.k8s.io/v1`, in the standard channel.
 * @see https://github.com/kubernetes-sigs/gateway-api/releases
 */
export const GATEWAY_API = {
  version: "v1.5.1",
  standardInstall:
    "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.1/standard-install.yaml",
} as const;

/**
 * What an ingress controller's chart creates when `IngressController` installs it: the release
 * is named after the controller, so each chart's `fullname` is fixed. One record per controller,
 * read by the components, the policy pack, the stacks and the inspect command.
 */
export interface ControllerFacts {
  /** The pinned chart. */
  readonly chart: ChartRef;
  /** Helm release name `IngressController` installs under (the charts derive names from it). */
  readonly releaseName: string;
  /** The controller's own Service (the load balancer), in the release namespace. */
  readonly serviceName: string;
  /** The ServiceAccount the controller pods run as. */
  readonly serviceAccountName: string;
  /**
   * The IngressClass the chart creates when given no other name, and its `spec.controller`
   * (what the controller watches for) with that name.
   */
  readonly ingressClass: { readonly name: string; readonly controller: string };
  /** The Service that serves Prometheus metrics, its port name and path. */
  readonly metrics: {
    readonly serviceName: string;
    readonly port: string;
    readonly path: string;
    /** Labels of the metrics Service in a namespace. */
    readonly selector: (namespace: string) => Readonly<Record<string, string>>;
  };
  /** Subject (CN or O) of the certificate the controller serves when none matches the SNI. */
  readonly defaultCertificateSubject: string;
  /** Image repositories, for recognising the controller installed without Helm. */
  readonly images: readonly string[];
}

export const CONTROLLERS: Readonly<Record<ControllerKind, ControllerFacts>> = {
  // Chart traefik 41.3.0 (../shared/upstream/traefik-helm-chart-v41.3.0/traefik): service.yaml,
  // rbac/serviceaccount.yaml, ingressclass.yaml, service-metrics.yaml and _service-metrics.tpl;
  // checked by rendering the chart in test/edge/controller-facts.test.ts.
  traefik: {
    chart: CHARTS.traefik,
    releaseName: "traefik",
    serviceName: "traefik",
    serviceAccountName: "traefik",
    ingressClass: { name: "traefik", controller: "traefik.io/ingress-controller" },
    metrics: {
      serviceName: "traefik-metrics",
      port: "metrics",
      path: "/metrics",
      // Traefik's instance label includes the namespace.
      selector: (namespace) => ({
        "app.kubernetes.io/name": "traefik",
        "app.kubernetes.io/instance": `traefik-${namespace}`,
        "app.kubernetes.io/component": "metrics",
      }),
    },
    defaultCertificateSubject: "TRAEFIK DEFAULT CERT",
    images: ["traefik", "docker.io/traefik", "docker.io/library/traefik"],
  },
  // Chart kubernetes-ingress 1.49.0 (haproxytech/helm-charts, tag kubernetes-ingress-1.49.0):
  // `kubernetes-ingress.fullname` in templates/_helpers.tpl is "<release>-kubernetes-ingress";
  // controller-service.yaml, controller-serviceaccount.yaml; controller-ingressclass.yaml sets
  // `spec.controller` to "haproxy.org/ingress-controller/<controller.ingressClass>";
  // controller-servicemonitor.yaml scrapes port `stat`, which the controller Service always has
  // (the chart adds a "-metrics" Service with the same labels only with its own ServiceMonitor).
  haproxy: {
    chart: CHARTS.haproxy,
    releaseName: "haproxy",
    serviceName: "haproxy-kubernetes-ingress",
    serviceAccountName: "haproxy-kubernetes-ingress",
    ingressClass: { name: "haproxy", controller: "haproxy.org/ingress-controller/haproxy" },
    metrics: {
      serviceName: "haproxy-kubernetes-ingress",
      port: "stat",
      path: "/metrics",
      selector: () => ({
        "app.kubernetes.io/name": "kubernetes-ingress",
        "app.kubernetes.io/instance": "haproxy",
      }),
    },
    defaultCertificateSubject: "HAProxy Kubernetes Ingress Controller Default Certificate",
    images: ["haproxytech/kubernetes-ingress", "docker.io/haproxytech/kubernetes-ingress"],
  },
  // Chart ingress-nginx 4.15.1 (kubernetes/ingress-nginx, tag helm-chart-4.15.1,
  // charts/ingress-nginx): `ingress-nginx.controller.fullname` in templates/_helpers.tpl is
  // "<fullname>-controller"; controller-service.yaml, controller-serviceaccount.yaml
  // (`ingress-nginx.serviceAccountName`), controller-ingressclass.yaml (name and
  // `controllerValue` "k8s.io/ingress-nginx" from values.yaml), controller-service-metrics.yaml
  // ("<controller fullname>-metrics", port `metrics`).
  "ingress-nginx": {
    chart: CHARTS.ingressNginx,
    releaseName: "ingress-nginx",
    serviceName: "ingress-nginx-controller",
    serviceAccountName: "ingress-nginx",
    ingressClass: { name: "nginx", controller: "k8s.io/ingress-nginx" },
    metrics: {
      serviceName: "ingress-nginx-controller-metrics",
      port: "metrics",
      path: "/metrics",
      selector: () => ({
        "app.kubernetes.io/name": "ingress-nginx",
        "app.kubernetes.io/instance": "ingress-nginx",
        "app.kubernetes.io/component": "controller",
      }),
    },
    defaultCertificateSubject: "Kubernetes Ingress Controller Fake Certificate",
    images: ["registry.k8s.io/ingress-nginx/controller", "k8s.gcr.io/ingress-nginx/controller"],
  },
};
