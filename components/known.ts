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
 * Pinned charts. Versions are checked against each project's published chart; bump them
 * together with the values mappers that depend on their keys.
 */
export const CHARTS = {
  certManager: { chart: "cert-manager", version: "v1.21.2", repo: "https://charts.jetstack.io" },
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

/** Chart names (as Helm releases name them) by controller, for recognising installs. */
export const CONTROLLER_CHARTS: Readonly<Record<ControllerKind, string>> = {
  traefik: "traefik",
  haproxy: "kubernetes-ingress",
  "ingress-nginx": "ingress-nginx",
};

/** Image repositories by controller, for recognising controllers installed without Helm. */
export const CONTROLLER_IMAGES: Readonly<Record<ControllerKind, readonly string[]>> = {
  traefik: ["traefik", "docker.io/traefik", "docker.io/library/traefik"],
  haproxy: ["haproxytech/kubernetes-ingress", "docker.io/haproxytech/kubernetes-ingress"],
  "ingress-nginx": [
    "registry.k8s.io/ingress-nginx/controller",
    "k8s.gcr.io/ingress-nginx/controller",
  ],
};

/** Subjects (CN or O) of the certificates controllers serve when no certificate matches. */
export const DEFAULT_CERT_SUBJECTS: Readonly<Record<ControllerKind, string>> = {
  traefik: "TRAEFIK DEFAULT CERT",
  haproxy: "HAProxy Kubernetes Ingress Controller Default Certificate",
  "ingress-nginx": "Kubernetes Ingress Controller Fake Certificate",
};
