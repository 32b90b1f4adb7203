/**
 * `TlsIngress` args and their validation. Which strategies work depends on where the entry
 * goes: an `IngressController` (per controller) or a `TlsGateway` (per listener).
 */
import type * as pulumi from "@pulumi/pulumi";
import { parseCertificateBundle } from "../certificates/pem";
import type { CertificateIssuer } from "../issuers/issuer-ref";
import { isDns1035Label, isDns1123Label, isDns1123Subdomain } from "../lib/names";
import { dnsNameCovers, hostProblem, isWildcard } from "../lib/hosts";
import { IngressController } from "./ingress-controller";
import { Problems } from "../lib/problems";
import { isKnown, outputProblems } from "../lib/inputs";
import { TlsStrategy } from "./strategies";
import { TlsGateway } from "./tls-gateway";

/** One path routed to the backend. */
export interface TlsIngressPathArgs {
  readonly path: string;
  /** @default "Prefix" */
  readonly pathType?: "Prefix" | "Exact";
}

/** Where the certificate for the hosts comes from (Ingress only; a Gateway holds its own). */
export type TlsIngressCertificateArgs =
  | {
      /** cert-manager issues it from the Ingress annotation. */
      readonly issuer: CertificateIssuer;
      /** @default "<objectName>-tls" */
      readonly secretName?: string;
      readonly dnsNames?: never;
    }
  | {
      /** An existing TLS Secret (or one a `Certificate` writes) in the Ingress namespace. */
      readonly secretName: string;
      /** The names that certificate holds, to check every host is covered. */
      readonly dnsNames?: readonly string[];
      readonly issuer?: never;
    };

/**
 * The CA bundle the backend's certificate chains to: either its PEM, and `TlsIngress` creates in
 * the app namespace the object the controller reads, or an existing object the team manages.
 */
export type BackendCaBundleArgs =
  | {
      /** The CA certificate(s), PEM (e.g. `InternalCa.caCertPem`). */
      readonly pem: pulumi.Input<string>;
      readonly kind?: never;
      readonly name?: never;
    }
  | {
      /**
       * An existing object in the app namespace holding the CA. ingress-nginx reads a Secret's
       * `ca.crt`, HAProxy a Secret's `tls.crt`, Traefik and Gateway API a `ca.crt` key.
       */
      readonly kind: "Secret" | "ConfigMap";
      readonly name: string;
      readonly pem?: never;
    };

/** TLS from the controller to the backend, always verified (`reencrypt`). */
export interface BackendTlsArgs {
  /** CA bundle the backend's certificate chains to. */
  readonly caBundle: BackendCaBundleArgs;
  /** Name expected on the backend's certificate. @default "<service>.<namespace>.svc.cluster.local" */
  readonly hostname?: string;
}

export interface TlsIngressArgs {
  /** The controller or gateway that carries this entry. */
  readonly via: IngressController | TlsGateway;
  /** Namespace of the application (and of the Ingress or routes). */
  readonly namespace: string;
  /** Host names; the TLS section covers all of them. */
  readonly hosts: readonly string[];
  /** @default [{ path: "/", pathType: "Prefix" }] */
  readonly paths?: readonly TlsIngressPathArgs[];
  /** The application's Service. */
  readonly backend: { readonly service: string; readonly port: number };
  /** @default "edge" */
  readonly strategy?: TlsStrategy;
  /** Certificate for `edge` and `reencrypt` on an IngressController. */
  readonly certificate?: TlsIngressCertificateArgs;
  /** Backend verification for `reencrypt`. */
  readonly backendTls?: BackendTlsArgs;
  /** Name of the emitted objects. @default the component name */
  readonly objectName?: string;
}

const AT = "TlsIngressArgs";

function checkController(p: Problems, args: TlsIngressArgs, via: IngressController): void {
  const strategy = args.strategy ?? "edge";
  if (!via.tlsStrategies.includes(strategy)) {
    if (via.controller === "traefik") {
      p.add(
        `${AT}.strategy`,
        `"${strategy}" on Traefik needs an IngressRouteTCP, a Traefik CRD tls-edge does not emit (no published schema to check it against)`,
        "route the host through a TlsGateway passthrough listener, or use controller haproxy",
      );
    } else {
      p.add(
        `${AT}.strategy`,
        `"${strategy}" needs ingress-nginx started with --enable-ssl-passthrough, which this IngressController is not`,
        "set sslPassthrough: true on the IngressController",
      );
    }
  }
  const cert = args.certificate;
  if (strategy === "passthrough") {
    if (cert)
      p.add(
        `${AT}.certificate`,
        "is set for passthrough, where the backend terminates TLS with its own certificate",
        "drop certificate",
      );
    const paths = args.paths ?? [];
    if (paths.some((x) => x.path !== "/"))
      p.add(
        `${AT}.paths`,
        "passthrough routes by SNI and never sees paths",
        'drop paths or use "/" only',
      );
    return;
  }
  if (!cert) {
    p.add(
      `${AT}.certificate`,
      "is missing, so no certificate covers the hosts",
      "give an issuer (cert-manager annotation) or the secretName of a TLS Secret",
    );
    return;
  }
  if (cert.issuer) {
    args.hosts.forEach((host, i) => {
      if (isWildcard(host) && !cert.issuer.supportsWildcards)
        p.add(
          `${AT}.hosts[${i}]`,
          `${JSON.stringify(host)} is a wildcard but the issuer "${cert.issuer.issuerName}" cannot issue wildcards`,
          "use an issuer with a DNS-01 solver or drop the wildcard",
        );
    });
    if (cert.issuer.issuerKind === "Issuer" && cert.issuer.issuerNamespace !== args.namespace) {
      p.add(
        `${AT}.certificate.issuer`,
        `the Issuer "${cert.issuer.issuerName}" lives in namespace "${cert.issuer.issuerNamespace ?? ""}", not "${args.namespace}"`,
        "use a ClusterIssuer or an Issuer in the Ingress namespace",
      );
    }
  } else if (cert.dnsNames) {
    const names = cert.dnsNames;
    args.hosts.forEach((host, i) => {
      if (!hostProblem(host) && !names.some((n) => dnsNameCovers(n, host)))
        p.add(
          `${AT}.hosts[${i}]`,
          `${JSON.stringify(host)} is not covered by any certificate (dnsNames: ${names.join(", ")})`,
          "add it to the certificate's dnsNames or drop the host",
        );
    });
  }
  const ca = args.backendTls?.caBundle;
  // Traefik reads a Secret or a ConfigMap (ServersTransport rootCAs); the others a Secret only.
  if (strategy === "reencrypt" && ca?.kind === "ConfigMap" && via.controller !== "traefik") {
    const key = via.controller === "haproxy" ? "tls.crt" : "ca.crt";
    p.add(
      `${AT}.backendTls.caBundle.kind`,
      `${via.controller} reads the backend CA from a Secret (${key}), got a ConfigMap`,
      `give caBundle: { pem } (the CA certificate) or { kind: "Secret", name } holding it in ${key}`,
    );
  }
}

function checkGateway(p: Problems, args: TlsIngressArgs, via: TlsGateway): void {
  const strategy = args.strategy ?? "edge";
  if (via.allowedRoutes === "Same" && args.namespace !== via.namespace) {
    p.add(
      `${AT}.namespace`,
      `"${args.namespace}" differs from the TlsGateway's namespace "${via.namespace}", whose listeners accept routes from the same namespace only`,
      'set allowedRoutes: "All" on the TlsGateway or use its namespace',
    );
  }
  if (args.certificate)
    p.add(
      `${AT}.certificate`,
      "is set, but on a TlsGateway the listeners hold the certificates",
      "drop certificate and list the host on the TlsGateway",
    );
  args.hosts.forEach((host, i) => {
    if (hostProblem(host)) return;
    if (strategy === "passthrough" && !via.passthroughHostFor(host)) {
      p.add(
        `${AT}.hosts[${i}]`,
        `${JSON.stringify(host)} has no passthrough listener on TlsGateway "${via.gatewayName}"`,
        "add it to the TlsGateway's passthroughHosts",
      );
    } else if (strategy !== "passthrough" && !via.terminatingHostFor(host)) {
      p.add(
        `${AT}.hosts[${i}]`,
        `${JSON.stringify(host)} is not covered by any certificate on TlsGateway "${via.gatewayName}" (hosts: ${via.hosts.join(", ") || "none"})`,
        "add it to the TlsGateway's hosts",
      );
    }
  });
}

/** The CA bundle is one of pem or kind + name, and the PEM (when known) holds certificates. */
function checkBackendTls(p: Problems, tls: BackendTlsArgs): void {
  const ca = tls.caBundle as Partial<{ pem: unknown; kind: string; name: string }> | undefined;
  const at = `${AT}.backendTls.caBundle`;
  const fix =
    'give { pem } (the CA certificate, e.g. InternalCa.caCertPem) or { kind: "Secret" | "ConfigMap", name } of an object holding it';
  if (!ca || (ca.pem === undefined && ca.name === undefined)) {
    p.add(at, "is missing, so the backend's certificate cannot be verified", fix);
  } else if (ca.pem !== undefined && (ca.name !== undefined || ca.kind !== undefined)) {
    p.add(at, "sets both pem and kind/name", `${fix}, not both`);
  } else if (ca.pem !== undefined) {
    const pem = ca.pem as pulumi.Input<string>;
    if (isKnown(pem)) {
      const { certificates, problems } = parseCertificateBundle(pem, `${at}.pem`);
      if (problems.length > 0 || certificates.length === 0)
        p.add(
          `${at}.pem`,
          `is not a PEM CA bundle (${problems.join("; ")})`,
          "pass the CA certificate's PEM text",
        );
    }
  } else {
    if (ca.kind !== "Secret" && ca.kind !== "ConfigMap")
      p.add(`${at}.kind`, `${JSON.stringify(ca.kind)} is neither Secret nor ConfigMap`, fix);
    if (typeof ca.name !== "string" || !isDns1123Subdomain(ca.name))
      p.add(
        `${at}.name`,
        `${JSON.stringify(ca.name)} is not a valid object name`,
        "use lower-case letters, digits, '-' and '.'",
      );
  }
  if (tls.hostname !== undefined) {
    const problem = hostProblem(tls.hostname);
    if (problem || isWildcard(tls.hostname))
      p.add(
        `${AT}.backendTls.hostname`,
        `${JSON.stringify(tls.hostname)} ${problem ?? "is a wildcard"}`,
        "give the DNS name on the backend's certificate, e.g. web.shop.svc.cluster.local",
      );
  }
}

/** The one argument that may be an Output. */
export const TLS_INGRESS_INPUTS = ["backendTls.caBundle.pem"] as const;

/**
 * Checks hosts, backend and that the chosen strategy works where the entry goes. The backend
 * CA's PEM given as an Output is checked when known; any other Output is refused.
 */
export function validateTlsIngressArgs(args: TlsIngressArgs): void {
  const p = new Problems();
  // Only the backend CA's PEM may be an Output (checked again once known, by the component).
  const why = "hosts, paths and the backend become object names and routes";
  outputProblems(p, AT, args, TLS_INGRESS_INPUTS, why);
  p.throwIfAny();
  const strategies = Object.values(TlsStrategy) as string[];
  const strategy = args.strategy ?? "edge";
  if (!strategies.includes(strategy)) {
    p.add(
      `${AT}.strategy`,
      `${JSON.stringify(strategy)} is not a TLS strategy`,
      `use one of ${strategies.join(", ")}`,
    );
  }
  if (!isDns1123Label(args.namespace))
    p.add(
      `${AT}.namespace`,
      `${JSON.stringify(args.namespace)} is not a valid namespace name`,
      "use lower-case letters, digits and '-'",
    );
  if (args.hosts.length === 0) p.add(`${AT}.hosts`, "is empty", "list at least one host");
  args.hosts.forEach((host, i) => {
    const problem = hostProblem(host);
    if (problem)
      p.add(
        `${AT}.hosts[${i}]`,
        `${JSON.stringify(host)} ${problem}`,
        "use a lower-case DNS name such as app.example.com",
      );
  });
  if (!isDns1035Label(args.backend.service))
    p.add(
      `${AT}.backend.service`,
      `${JSON.stringify(args.backend.service)} is not a valid Service name`,
      "use lower-case letters, digits and '-'",
    );
  if (!Number.isInteger(args.backend.port) || args.backend.port < 1 || args.backend.port > 65535)
    p.add(`${AT}.backend.port`, `${args.backend.port} is not a port number`, "use 1-65535");
  (args.paths ?? []).forEach((x, i) => {
    if (!x.path.startsWith("/"))
      p.add(
        `${AT}.paths[${i}].path`,
        `${JSON.stringify(x.path)} does not start with "/"`,
        'write it as an absolute path such as "/api"',
      );
  });
  if (strategy === "reencrypt" && !args.backendTls)
    p.add(
      `${AT}.backendTls`,
      "is missing for reencrypt, so the backend's certificate would go unverified",
      "give the CA bundle that signs the backend's certificate",
    );
  if (strategy === "reencrypt" && args.backendTls) checkBackendTls(p, args.backendTls);
  if (strategy !== "reencrypt" && args.backendTls)
    p.add(
      `${AT}.backendTls`,
      `is set but strategy is "${strategy}"`,
      'use strategy "reencrypt" or drop backendTls',
    );
  if (IngressController.isInstance(args.via)) checkController(p, args, args.via);
  else if (TlsGateway.isInstance(args.via)) checkGateway(p, args, args.via);
  else p.add(`${AT}.via`, "is neither an IngressController nor a TlsGateway", "pass one of them");
  p.throwIfAny();
}
