/**
 * `TlsIngress` args and their validation. Which strategies work depends on where the entry
 * goes: an `IngressController` (per controller) or a `TlsGateway` (per listener).
 */
import type { CertificateIssuer } from "../issuers/issuer-ref";
import { covers, hostProblem } from "./hosts";
import { IngressController } from "./ingress-controller";
import { ArgsProblems } from "./problems";
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

/** TLS from the controller to the backend, verified (`reencrypt`). */
export interface BackendTlsArgs {
  /** CA bundle (`ca.crt`) the backend's certificate chains to; ingress-nginx and HAProxy read a Secret. */
  readonly caBundle?: { readonly kind: "Secret" | "ConfigMap"; readonly name: string };
  /** Name expected on the backend's certificate. @default "<service>.<namespace>.svc.cluster.local" */
  readonly hostname?: string;
  /** Traefik only: a ServersTransport (traefik.io/v1alpha1) in the namespace whose rootCAs hold the CA. */
  readonly serversTransport?: string;
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

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const AT = "TlsIngressArgs";

function checkController(p: ArgsProblems, args: TlsIngressArgs, via: IngressController): void {
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
      if (host.startsWith("*.") && !cert.issuer.supportsWildcards)
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
      if (!hostProblem(host) && !names.some((n) => covers(n, host)))
        p.add(
          `${AT}.hosts[${i}]`,
          `${JSON.stringify(host)} is not covered by any certificate (dnsNames: ${names.join(", ")})`,
          "add it to the certificate's dnsNames or drop the host",
        );
    });
  }
  const tls = args.backendTls;
  if (strategy === "reencrypt" && tls) {
    if (via.controller === "traefik") {
      if (!tls.serversTransport)
        p.add(
          `${AT}.backendTls.serversTransport`,
          "is missing: Traefik verifies backends through a ServersTransport, a Traefik CRD tls-edge does not emit",
          "create a ServersTransport whose rootCAs hold the CA and name it here, or use a TlsGateway (BackendTLSPolicy)",
        );
    } else {
      if (tls.caBundle?.kind !== "Secret")
        p.add(
          `${AT}.backendTls.caBundle`,
          `${via.controller} reads the backend CA from a Secret (ca.crt), got ${tls.caBundle ? `a ${tls.caBundle.kind}` : "none"}`,
          'give caBundle: { kind: "Secret", name }',
        );
      if (tls.serversTransport)
        p.add(
          `${AT}.backendTls.serversTransport`,
          "applies to Traefik only",
          "drop serversTransport",
        );
    }
  }
}

function checkGateway(p: ArgsProblems, args: TlsIngressArgs, via: TlsGateway): void {
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
  const tls = args.backendTls;
  if (strategy === "reencrypt" && tls) {
    if (!tls.caBundle)
      p.add(
        `${AT}.backendTls.caBundle`,
        "is missing: a BackendTLSPolicy verifies the backend against a CA bundle",
        'give caBundle: { kind: "ConfigMap", name } (Secret support depends on the implementation)',
      );
    if (tls.serversTransport)
      p.add(
        `${AT}.backendTls.serversTransport`,
        "applies to Traefik only",
        "drop serversTransport",
      );
  }
}

/** Checks hosts, backend and that the chosen strategy works where the entry goes. */
export function validateTlsIngressArgs(args: TlsIngressArgs): void {
  const p = new ArgsProblems();
  const strategies = Object.values(TlsStrategy) as string[];
  const strategy = args.strategy ?? "edge";
  if (!strategies.includes(strategy)) {
    p.add(
      `${AT}.strategy`,
      `${JSON.stringify(strategy)} is not a TLS strategy`,
      `use one of ${strategies.join(", ")}`,
    );
  }
  if (args.namespace.length > 63 || !NAME.test(args.namespace))
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
  if (!NAME.test(args.backend.service))
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
  if (strategy !== "reencrypt" && args.backendTls)
    p.add(
      `${AT}.backendTls`,
      `is set but strategy is "${strategy}"`,
      'use strategy "reencrypt" or drop backendTls',
    );
  if (args.via instanceof IngressController) checkController(p, args, args.via);
  else if (args.via instanceof TlsGateway) checkGateway(p, args, args.via);
  else p.add(`${AT}.via`, "is neither an IngressController nor a TlsGateway", "pass one of them");
  p.throwIfAny();
}
