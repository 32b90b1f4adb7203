/**
 * TLS strategies for one application's entry, and how each controller expresses them on an
 * Ingress (and on the backend Service, where the controller reads its settings there).
 */
import type { ControllerKind } from "../known";

/**
 * `edge`: TLS ends at the controller, plain HTTP to the backend. `passthrough`: the controller
 * routes by SNI and the backend terminates TLS. `reencrypt`: TLS ends at the controller, which
 * opens a new TLS connection to the backend and verifies it against an internal CA.
 */
export const TlsStrategy = {
  edge: "edge",
  passthrough: "passthrough",
  reencrypt: "reencrypt",
} as const;
export type TlsStrategy = (typeof TlsStrategy)[keyof typeof TlsStrategy];

/** Strategies a controller can carry out on a plain Ingress. */
export function supportedStrategies(
  controller: ControllerKind,
  sslPassthrough: boolean,
): TlsStrategy[] {
  if (controller === "traefik") return ["edge", "reencrypt"];
  if (controller === "haproxy") return ["edge", "passthrough", "reencrypt"];
  return sslPassthrough ? ["edge", "passthrough", "reencrypt"] : ["edge", "reencrypt"];
}

/** What the annotations depend on, resolved and validated. */
export interface AnnotationContext {
  readonly controller: ControllerKind;
  readonly strategy: TlsStrategy;
  readonly namespace: string;
  readonly service: string;
  readonly meshed: boolean;
  /** For `reencrypt` on ingress-nginx and HAProxy: the CA bundle Secret, expected server name. */
  readonly backendTls?: {
    readonly caSecretName: string;
    readonly hostname: string;
  };
}

/** Annotations for the Ingress and for the backend Service. */
export interface StrategyAnnotations {
  readonly ingress: Record<string, string>;
  readonly service: Record<string, string>;
}

/** The in-cluster name of the backend Service, as meshes route by it. */
export function serviceHost(service: string, namespace: string): string {
  return `${service}.${namespace}.svc.cluster.local`;
}

const NGINX = "nginx.ingress.kubernetes.io";
const HAPROXY = "haproxy.org";
const TRAEFIK = "traefik.ingress.kubernetes.io";

function nginx(c: AnnotationContext): StrategyAnnotations {
  const ingress: Record<string, string> = {};
  if (c.strategy === "passthrough") ingress[`${NGINX}/ssl-passthrough`] = "true";
  if (c.strategy === "reencrypt" && c.backendTls) {
    ingress[`${NGINX}/backend-protocol`] = "HTTPS";
    ingress[`${NGINX}/proxy-ssl-secret`] = `${c.namespace}/${c.backendTls.caSecretName}`;
    ingress[`${NGINX}/proxy-ssl-verify`] = "on";
    ingress[`${NGINX}/proxy-ssl-name`] = c.backendTls.hostname;
    ingress[`${NGINX}/proxy-ssl-server-name`] = "on";
  }
  // Passthrough bypasses nginx's HTTP layer, so there is no upstream to rewrite.
  if (c.meshed && c.strategy !== "passthrough") {
    ingress[`${NGINX}/service-upstream`] = "true";
    ingress[`${NGINX}/upstream-vhost`] = serviceHost(c.service, c.namespace);
  }
  return { ingress, service: {} };
}

function haproxy(c: AnnotationContext): StrategyAnnotations {
  const ingress: Record<string, string> = {};
  if (c.strategy === "passthrough") ingress[`${HAPROXY}/ssl-passthrough`] = "true";
  if (c.strategy === "reencrypt" && c.backendTls) {
    ingress[`${HAPROXY}/server-ssl`] = "true";
    ingress[`${HAPROXY}/server-ca`] = `${c.namespace}/${c.backendTls.caSecretName}`;
  }
  // HAProxy always balances over endpoints; the mesh routes on the Host header, so set it to
  // the Service's name (the ingress-nginx `upstream-vhost` equivalent).
  if (c.meshed && c.strategy !== "passthrough") {
    ingress[`${HAPROXY}/set-host`] = serviceHost(c.service, c.namespace);
  }
  return { ingress, service: {} };
}

function traefik(c: AnnotationContext): StrategyAnnotations {
  // Re-encryption on Traefik is an IngressRoute (TlsIngress), not Ingress or Service annotations.
  const service: Record<string, string> = {};
  // Meshed Traefik sends to the cluster IP (`nativeLBByDefault` on the controller); without the
  // client's Host header the sidecar matches the request to the Service, not to passthrough.
  if (c.meshed) service[`${TRAEFIK}/service.passhostheader`] = "false";
  return { ingress: {}, service };
}

/** Annotations carrying out a strategy (and the mesh upstream settings) for one controller. */
export function strategyAnnotations(c: AnnotationContext): StrategyAnnotations {
  if (c.controller === "ingress-nginx") return nginx(c);
  if (c.controller === "haproxy") return haproxy(c);
  return traefik(c);
}
