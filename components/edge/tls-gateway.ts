/**
 * A Gateway API `Gateway` terminating TLS per host with certificates cert-manager issues from
 * the Gateway's annotations, an HTTP listener that only redirects to HTTPS, and passthrough
 * listeners for backends that terminate TLS themselves (`TLSRoute`).
 * @see https://gateway-api.sigs.k8s.io/guides/tls/
 * @see https://cert-manager.io/docs/usage/gateway/
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { isIssuerComponent, type CertificateIssuerInput } from "../certificates/certificate-args";
import { IssuerKind } from "../issuers/issuer-ref";
import type { GatewayApiCrds } from "./gateway-api-crds";
import { dnsNameCovers, hostKey, hostProblem, isWildcard } from "../lib/hosts";
import type { IngressController } from "./ingress-controller";
import { outputProblems } from "../lib/inputs";
import { Problems } from "../lib/problems";
import { GATEWAY_PROVIDERS } from "./values";
import { hasPulumiType } from "../lib/instance";
import { isDns1123Label, isDns1123Subdomain } from "../lib/names";

/** Which namespaces may attach routes to the HTTPS and TLS listeners. */
export const RouteNamespaces = { Same: "Same", All: "All" } as const;
export type RouteNamespaces = (typeof RouteNamespaces)[keyof typeof RouteNamespaces];

export interface TlsGatewayArgs {
  /**
   * GatewayClass of an implementation installed by other means (listeners on 80 and 443).
   * @see https://gateway-api.sigs.k8s.io/implementations/
   */
  readonly gatewayClassName?: string;
  /**
   * Instead of gatewayClassName: an IngressController whose Gateway provider (`gatewayApi`)
   * programs this Gateway; its GatewayClass, listener ports and CRDs are used.
   */
  readonly controller?: IngressController;
  /** With gatewayClassName: the CRDs the Gateway objects are applied after. */
  readonly crds?: GatewayApiCrds;
  /** Namespace of the Gateway and of its certificate Secrets. */
  readonly namespace: string;
  /** Gateway object name. @default the component name */
  readonly gatewayName?: string;
  /** Hosts terminated here (one HTTPS listener each); `*.zone` allowed. */
  readonly hosts?: readonly string[];
  /** Hosts passed through by SNI to a backend that terminates TLS (one TLS listener each). */
  readonly passthroughHosts?: readonly string[];
  /**
   * Issuer cert-manager uses for the HTTPS listeners (a Secret per host): an issuer component
   * (its wildcard support and namespace are checked, and the Gateway waits for it), or
   * `{ name, kind }` of an issuer managed elsewhere.
   */
  readonly issuer?: CertificateIssuerInput;
  /** Instead of an issuer: one existing TLS Secret covering every host. */
  readonly secretName?: string;
  /** Add the port-80 listener and a 301 redirect to HTTPS. @default true */
  readonly httpRedirect?: boolean;
  /** Namespaces whose routes may attach. @default "Same" */
  readonly allowedRoutes?: RouteNamespaces;
}

/** Checks names, hosts and where certificates come from. */
export function validateTlsGatewayArgs(args: TlsGatewayArgs): void {
  const p = new Problems();
  const at = "TlsGatewayArgs";
  outputProblems(p, at, args, [], "listeners, routes and object names are made from it");
  p.throwIfAny();
  const className = args.gatewayClassName;
  const controller = args.controller;
  if (className === undefined && !controller) {
    p.add(
      `${at}.gatewayClassName`,
      "is missing",
      "give the GatewayClass of an installed implementation, or controller: an IngressController with gatewayApi",
    );
  } else if (className !== undefined && controller) {
    p.add(
      `${at}.gatewayClassName`,
      "is set together with controller, which brings its own GatewayClass",
      "give one of them",
    );
  } else if (className !== undefined && !isDns1123Subdomain(className)) {
    p.add(
      `${at}.gatewayClassName`,
      `${JSON.stringify(className)} is not a valid GatewayClass name`,
      "use the name of an installed GatewayClass, e.g. istio or envoy-gateway",
    );
  } else if (className !== undefined) {
    const kind = Object.entries(GATEWAY_PROVIDERS).find(
      ([, g]) => g.gatewayClassName === className,
    )?.[0];
    if (kind)
      p.add(
        `${at}.gatewayClassName`,
        `${JSON.stringify(className)} is the class of tls-edge's ${kind} controller, whose listeners must use its own ports, not 80/443`,
        "give controller: the IngressController (with gatewayApi) instead",
      );
  }
  if (controller && !controller.gateway) {
    p.add(
      `${at}.controller`,
      `the ${controller.controller} IngressController has its Gateway API provider off, so nothing would program this Gateway`,
      "create it with gatewayApi: a GatewayApiCrds",
    );
  }
  if (controller && args.crds) {
    p.add(`${at}.crds`, "is set together with controller, which brings its own", "drop crds");
  }
  if (!isDns1123Label(args.namespace)) {
    p.add(
      `${at}.namespace`,
      `${JSON.stringify(args.namespace)} is not a valid namespace name`,
      "use lower-case letters, digits and '-'",
    );
  }
  const hosts = args.hosts ?? [];
  const passthrough = args.passthroughHosts ?? [];
  if (hosts.length === 0 && passthrough.length === 0) {
    p.add(at, "has no hosts and no passthroughHosts", "list at least one host");
  }
  const seen = new Set<string>();
  for (const [key, list] of [
    ["hosts", hosts],
    ["passthroughHosts", passthrough],
  ] as const) {
    list.forEach((host, i) => {
      const problem = hostProblem(host);
      if (problem)
        p.add(
          `${at}.${key}[${i}]`,
          `${JSON.stringify(host)} ${problem}`,
          "use a lower-case DNS name such as app.example.com",
        );
      else if (seen.has(host))
        p.add(
          `${at}.${key}[${i}]`,
          `${JSON.stringify(host)} is listed twice`,
          "give each host one listener",
        );
      seen.add(host);
    });
  }
  if (hosts.length > 0 && !args.issuer && args.secretName === undefined) {
    p.add(
      `${at}.issuer`,
      "is missing, so the HTTPS listeners have no certificate",
      "give an issuer (cert-manager issues one per host) or the secretName of an existing TLS Secret",
    );
  }
  if (args.issuer && args.secretName !== undefined) {
    p.add(`${at}.secretName`, "is set together with issuer", "give one of them");
  }
  const issuer = args.issuer;
  if (issuer && !isIssuerComponent(issuer)) {
    if (!issuer.name) p.add(`${at}.issuer.name`, "is empty", "name the Issuer or ClusterIssuer");
    if (!(Object.values(IssuerKind) as string[]).includes(issuer.kind))
      p.add(
        `${at}.issuer.kind`,
        `${JSON.stringify(issuer.kind)} is not an issuer kind`,
        'use "ClusterIssuer" or "Issuer"',
      );
  } else if (issuer) {
    hosts.forEach((host, i) => {
      if (isWildcard(host) && !issuer.supportsWildcards) {
        p.add(
          `${at}.hosts[${i}]`,
          `${JSON.stringify(host)} is a wildcard but the issuer "${issuer.issuerName}" cannot issue wildcards`,
          "use an issuer with a DNS-01 solver or drop the wildcard",
        );
      }
    });
    if (issuer.issuerKind === "Issuer" && issuer.issuerNamespace !== args.namespace) {
      p.add(
        `${at}.issuer`,
        `the Issuer "${issuer.issuerName}" lives in namespace "${issuer.issuerNamespace ?? ""}", not "${args.namespace}"`,
        "use a ClusterIssuer or an Issuer in the Gateway's namespace",
      );
    }
  }
  p.throwIfAny();
}

/** A Gateway with HTTPS (terminate) and TLS (passthrough) listeners per host. */
export class TlsGateway extends pulumi.ComponentResource {
  /** The Pulumi type token of TlsGateway. */
  public static readonly __pulumiType = "tls-edge:edge:TlsGateway";

  /** Whether `obj` is a TlsGateway, also one made by another loaded copy of tls-edge. */
  public static override isInstance(obj: unknown): obj is TlsGateway {
    return hasPulumiType(obj, TlsGateway.__pulumiType);
  }

  public readonly gatewayName: string;
  public readonly namespace: string;
  public readonly gatewayClassName: string;
  public readonly hosts: readonly string[];
  public readonly passthroughHosts: readonly string[];
  public readonly allowedRoutes: RouteNamespaces;
  /** Listener ports: the controller's own with `controller`, else 80 and 443. */
  public readonly ports: { readonly http: number; readonly https: number };
  /** The Secret each HTTPS host's certificate lands in. */
  public readonly certificateSecrets: Readonly<Record<string, string>>;
  public readonly gateway: k8s.apiextensions.CustomResource;
  public readonly redirectRoute?: k8s.apiextensions.CustomResource;

  constructor(name: string, args: TlsGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    validateTlsGatewayArgs(args);
    super(TlsGateway.__pulumiType, name, {}, opts);

    this.gatewayName = args.gatewayName ?? name;
    this.namespace = args.namespace;
    const provider = args.controller?.gateway;
    this.gatewayClassName = provider?.gatewayClassName ?? args.gatewayClassName!;
    this.ports = provider?.ports ?? { http: 80, https: 443 };
    const crds = provider?.crds ?? args.crds;
    this.hosts = [...(args.hosts ?? [])];
    this.passthroughHosts = [...(args.passthroughHosts ?? [])];
    this.allowedRoutes = args.allowedRoutes ?? "Same";
    const redirect = args.httpRedirect ?? true;

    const secrets: Record<string, string> = {};
    for (const host of this.hosts) secrets[host] = args.secretName ?? `${hostKey(host)}-tls`;
    this.certificateSecrets = secrets;

    const routeNamespaces = { namespaces: { from: this.allowedRoutes } };
    const listeners: Record<string, unknown>[] = [
      ...(redirect
        ? [
            {
              name: "http",
              port: this.ports.http,
              protocol: "HTTP",
              allowedRoutes: { namespaces: { from: "Same" } },
            },
          ]
        : []),
      ...this.hosts.map((host) => ({
        name: TlsGateway.httpsListener(host),
        hostname: host,
        port: this.ports.https,
        protocol: "HTTPS",
        tls: {
          mode: "Terminate",
          certificateRefs: [{ group: "", kind: "Secret", name: secrets[host] }],
        },
        allowedRoutes: routeNamespaces,
      })),
      ...this.passthroughHosts.map((host) => ({
        name: TlsGateway.passthroughListener(host),
        hostname: host,
        port: this.ports.https,
        protocol: "TLS",
        tls: { mode: "Passthrough" },
        allowedRoutes: { ...routeNamespaces, kinds: [{ kind: "TLSRoute" }] },
      })),
    ];
    const issuer = args.issuer;
    const ref =
      issuer && isIssuerComponent(issuer)
        ? { name: issuer.issuerName, kind: issuer.issuerKind }
        : issuer;
    const annotations: Record<string, string> = ref
      ? {
          [ref.kind === "ClusterIssuer"
            ? "cert-manager.io/cluster-issuer"
            : "cert-manager.io/issuer"]: ref.name,
        }
      : {};

    this.gateway = new k8s.apiextensions.CustomResource(
      `${name}-gateway`,
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "Gateway",
        // No empty map: the API server drops it, and every later `up` would diff against it.
        metadata: {
          name: this.gatewayName,
          namespace: this.namespace,
          ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
        },
        spec: { gatewayClassName: this.gatewayClassName, listeners },
      },
      {
        parent: this,
        dependsOn: [
          ...(issuer && isIssuerComponent(issuer) ? [issuer.issuerResource] : []),
          ...(crds?.ready ?? []),
          // The controller's release creates the GatewayClass.
          ...(args.controller?.release ? [args.controller.release] : []),
        ],
      },
    );

    if (redirect) {
      this.redirectRoute = new k8s.apiextensions.CustomResource(
        `${name}-https-redirect`,
        {
          apiVersion: "gateway.networking.k8s.io/v1",
          kind: "HTTPRoute",
          metadata: { name: `${this.gatewayName}-https-redirect`, namespace: this.namespace },
          spec: {
            parentRefs: [{ name: this.gatewayName, sectionName: "http" }],
            hostnames: [...this.hosts, ...this.passthroughHosts],
            rules: [
              {
                filters: [
                  {
                    type: "RequestRedirect",
                    requestRedirect: { scheme: "https", statusCode: 301 },
                  },
                ],
              },
            ],
          },
        },
        { parent: this, dependsOn: [this.gateway] },
      );
    }

    this.registerOutputs({
      gatewayName: this.gatewayName,
      namespace: this.namespace,
      gatewayClassName: this.gatewayClassName,
      hosts: this.hosts,
      passthroughHosts: this.passthroughHosts,
      allowedRoutes: this.allowedRoutes,
      ports: this.ports,
      certificateSecrets: this.certificateSecrets,
      gateway: this.gateway,
      redirectRoute: this.redirectRoute,
    });
  }

  /** Listener name of an HTTPS host. */
  static httpsListener(host: string): string {
    return `https-${hostKey(host)}`;
  }

  /** Listener name of a passthrough host. */
  static passthroughListener(host: string): string {
    return `tls-${hostKey(host)}`;
  }

  /** The HTTPS host (exact first, then wildcard) whose listener serves `host`, if any. */
  terminatingHostFor(host: string): string | undefined {
    return this.hosts.find((h) => h === host) ?? this.hosts.find((h) => dnsNameCovers(h, host));
  }

  /** The passthrough host whose listener serves `host`, if any. */
  passthroughHostFor(host: string): string | undefined {
    return (
      this.passthroughHosts.find((h) => h === host) ??
      this.passthroughHosts.find((h) => dnsNameCovers(h, host))
    );
  }
}
