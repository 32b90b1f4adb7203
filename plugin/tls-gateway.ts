/**
 * TlsGateway as other languages see it: the IngressController and the GatewayApiCrds by their
 * resource names (components of this package constructed earlier in the same program), the issuer
 * by its reference, and plain lists.
 */
import * as pulumi from "@pulumi/pulumi";
import * as lib from "../components/edge";
import type { RouteNamespaces } from "../components/edge";
import type { IssuerRefArgs } from "./certificate";
import { crdsNamed } from "./gateway-api-crds";
import { validatedAs } from "./validated";
import { controllerNamed } from "./ingress-controller";

/** Arguments of a Gateway API Gateway terminating TLS per host. */
export interface TlsGatewayArgs {
  /**
   * GatewayClass of an implementation installed by other means (listeners on 80 and 443).
   * @see https://gateway-api.sigs.k8s.io/implementations/
   */
  readonly gatewayClassName?: string;
  /**
   * Instead of gatewayClassName: name of an IngressController (of this package, created before:
   * list it in `dependsOn`) with `gatewayApi`, whose Gateway provider programs this Gateway.
   */
  readonly controller?: string;
  /** With gatewayClassName: name of the GatewayApiCrds (created before) the Gateway waits for. */
  readonly crds?: string;
  /** Namespace of the Gateway and of its certificate Secrets. */
  readonly namespace: string;
  /** Gateway object name. @default the component name */
  readonly gatewayName?: string;
  /** Hosts terminated here (one HTTPS listener each); `*.zone` allowed. */
  readonly hosts?: string[];
  /** Hosts passed through by SNI to a backend that terminates TLS (one TLS listener each). */
  readonly passthroughHosts?: string[];
  /** The issuer cert-manager uses for the HTTPS listeners (a Secret per host). */
  readonly issuerRef?: IssuerRefArgs;
  /** Instead of an issuer: one existing TLS Secret covering every host. */
  readonly secretName?: string;
  /** Add the port-80 listener and a 301 redirect to HTTPS. @default true */
  readonly httpRedirect?: boolean;
  /** Namespaces whose routes may attach. @default "Same" */
  readonly allowedRoutes?: RouteNamespaces;
}

/** The Gateway's listener ports. */
export interface TlsGatewayPorts {
  /** Port of the HTTP (redirect) listener. */
  readonly http: number;
  /** Port of the HTTPS and TLS listeners. */
  readonly https: number;
}

/** A Gateway with HTTPS (terminate) and TLS (passthrough) listeners per host. */
export class TlsGateway extends pulumi.ComponentResource {
  /** Gateway object name. */
  public readonly gatewayName: string;
  /** Namespace of the Gateway. */
  public readonly namespace: string;
  /** The GatewayClass that programs the Gateway. */
  public readonly gatewayClassName: string;
  /** Hosts terminated here. */
  public readonly hosts: string[];
  /** Hosts passed through by SNI. */
  public readonly passthroughHosts: string[];
  /** Namespaces whose routes may attach. */
  public readonly allowedRoutes: RouteNamespaces;
  /** Listener ports: the controller's own with `controller`, else 80 and 443. */
  public readonly ports: TlsGatewayPorts;
  /** The Secret each HTTPS host's certificate lands in, by host. */
  public readonly certificateSecrets: Record<string, string>;

  constructor(name: string, args: TlsGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    // Names resolved and arguments checked before anything is registered.
    const { controller, crds, issuerRef, hosts, passthroughHosts, ...rest } = args;
    const libArgs: lib.TlsGatewayArgs = {
      ...rest,
      ...(controller !== undefined
        ? { controller: controllerNamed("TlsGatewayArgs.controller", controller) }
        : {}),
      ...(crds !== undefined ? { crds: crdsNamed("TlsGatewayArgs.crds", crds) } : {}),
      ...(issuerRef !== undefined ? { issuer: issuerRef } : {}),
      ...(hosts !== undefined ? { hosts } : {}),
      ...(passthroughHosts !== undefined ? { passthroughHosts } : {}),
    };
    validatedAs(libArgs, lib.validateTlsGatewayArgs, [
      ["TlsGatewayArgs.issuer", "TlsGatewayArgs.issuerRef"],
    ]);
    super("tls-edge:index:TlsGateway", name, {}, opts);
    const gateway = new lib.TlsGateway(name, libArgs, { parent: this });
    this.gatewayName = gateway.gatewayName;
    this.namespace = gateway.namespace;
    this.gatewayClassName = gateway.gatewayClassName;
    this.hosts = [...gateway.hosts];
    this.passthroughHosts = [...gateway.passthroughHosts];
    this.allowedRoutes = gateway.allowedRoutes;
    this.ports = { ...gateway.ports };
    this.certificateSecrets = { ...gateway.certificateSecrets };
    this.registerOutputs({
      gatewayName: this.gatewayName,
      namespace: this.namespace,
      gatewayClassName: this.gatewayClassName,
      hosts: this.hosts,
      passthroughHosts: this.passthroughHosts,
      allowedRoutes: this.allowedRoutes,
      ports: this.ports,
      certificateSecrets: this.certificateSecrets,
    });
  }
}
