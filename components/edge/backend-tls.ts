/**
 * The objects `reencrypt` needs besides the route: the CA bundle where the controller reads it,
 * and Traefik's ServersTransport. Each controller reads the CA from its own place:
 * - ingress-nginx `proxy-ssl-secret`: a Secret in the Ingress namespace with `ca.crt`
 *   (internal/ingress/controller/store/backend_ssl.go, getPemCertificate, controller-v1.15.1);
 * - HAProxy `server-ca`: a Secret with the CA in `tls.crt`, not `ca.crt`
 *   (pkg/haproxy/certs/main.go, writeSecret with isCa, v3.2);
 * - Traefik ServersTransport `rootCAs[].secret|configMap`: `tls.ca` or `ca.crt`, in the
 *   ServersTransport's namespace (pkg/provider/kubernetes/crd/kubernetes.go, v3.7.11);
 * - Gateway API BackendTLSPolicy `caCertificateRefs`: a ConfigMap (core support) with `ca.crt`
 *   in the policy's namespace (Traefik: pkg/provider/kubernetes/gateway/httproute.go).
 */
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { ControllerKind } from "../known";
import type { BackendCaBundleArgs } from "./tls-ingress-args";

/** Who reads the CA bundle: an ingress controller, or a Gateway through BackendTLSPolicy. */
export type CaReader = ControllerKind | "gateway";

/** The object kind and data key each reader takes the CA from, for objects tls-edge creates. */
export const CA_OBJECT: Readonly<
  Record<CaReader, { readonly kind: "Secret" | "ConfigMap"; readonly key: string }>
> = {
  "ingress-nginx": { kind: "Secret", key: "ca.crt" },
  haproxy: { kind: "Secret", key: "tls.crt" },
  // A CA certificate is public: a ConfigMap, which the Traefik chart's ClusterRole already reads.
  traefik: { kind: "ConfigMap", key: "ca.crt" },
  gateway: { kind: "ConfigMap", key: "ca.crt" },
};

/** A CA bundle object in the app namespace, created here or managed by the team. */
export interface CaBundleRef {
  readonly kind: "Secret" | "ConfigMap";
  readonly name: string;
  /** The object, when tls-edge created it (order routes after it). */
  readonly resource?: pulumi.Resource;
}

/**
 * The CA bundle object `reader` reads: the team's existing one, or a new one named
 * `<objectName>-backend-ca` holding the PEM under the reader's key.
 */
export function caBundleFor(
  name: string,
  ca: BackendCaBundleArgs,
  reader: CaReader,
  namespace: string,
  objectName: string,
  opts: pulumi.CustomResourceOptions,
): CaBundleRef {
  if (ca.pem === undefined) return { kind: ca.kind, name: ca.name };
  const { kind, key } = CA_OBJECT[reader];
  const metadata = { name: `${objectName}-backend-ca`, namespace };
  const resource =
    kind === "Secret"
      ? new k8s.core.v1.Secret(
          `${name}-backend-ca`,
          { metadata, type: "Opaque", stringData: { [key]: ca.pem } },
          opts,
        )
      : new k8s.core.v1.ConfigMap(
          `${name}-backend-ca`,
          { metadata, data: { [key]: ca.pem } },
          opts,
        );
  return { kind, name: metadata.name, resource };
}

/** A Traefik ServersTransport verifying the backend against the CA and its expected name. */
export function serversTransport(
  name: string,
  ca: CaBundleRef,
  serverName: string,
  namespace: string,
  objectName: string,
  opts: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResource {
  return new k8s.apiextensions.CustomResource(
    `${name}-servers-transport`,
    {
      apiVersion: "traefik.io/v1alpha1",
      kind: "ServersTransport",
      metadata: { name: `${objectName}-backend`, namespace },
      spec: {
        serverName,
        rootCAs: [ca.kind === "Secret" ? { secret: ca.name } : { configMap: ca.name }],
      },
    },
    opts,
  );
}

/**
 * A Traefik rule for the hosts and one path, as the Ingress provider writes one for an Ingress
 * rule (pkg/provider/kubernetes/ingress/kubernetes.go, loadRouter, v3.7.11): `Host` per name
 * (`*.zone` matches one label: pkg/muxer/muxer.go, DomainMatchHostExpression), then `PathPrefix`, or `Path` for Exact.
 */
export function traefikRule(hosts: readonly string[], path: string, exact: boolean): string {
  const host = hosts.map((h) => `Host(\`${h}\`)`);
  const hostRule = host.length > 1 ? `(${host.join(" || ")})` : host[0]!;
  return `${hostRule} && ${exact ? "Path" : "PathPrefix"}(\`${path}\`)`;
}
