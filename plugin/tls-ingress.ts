/**
 * TlsIngress as other languages see it: the controller by name (`via`), the certificate as a Secret
 * a Certificate writes or one managed elsewhere (an issuer object is TypeScript only), one backend.
 */
import * as pulumi from "@pulumi/pulumi";
import * as lib from "../components/edge";
import type { TlsStrategy } from "../components";
import { controllerNamed } from "./ingress-controller";

/** The backend Service the hosts route to. */
export interface TlsIngressBackendArgs {
  /** Service name, in the TlsIngress namespace. */
  readonly service: string;
  /** Service port. */
  readonly port: number;
}

/** The TLS Secret served for the hosts. */
export interface TlsIngressSecretArgs {
  /** A `kubernetes.io/tls` Secret in the TlsIngress namespace (e.g. a Certificate's). */
  readonly secretName: string;
  /** The names that certificate holds, to check every host is covered. */
  readonly dnsNames?: string[];
}

/** Arguments of TLS for one app's hosts through an IngressController of this package. */
export interface TlsIngressArgs {
  /**
   * Name of the IngressController (of this package, in this program, created before: list it in
   * `dependsOn`) the hosts go through. A name: other languages cannot pass the TypeScript object.
   */
  readonly via: string;
  /** Namespace of the app. */
  readonly namespace: string;
  /** Host names. */
  readonly hosts: string[];
  /** The backend Service. */
  readonly backend: TlsIngressBackendArgs;
  /** Where TLS ends. @default "edge" */
  readonly strategy?: TlsStrategy;
  /** The certificate for the hosts. */
  readonly certificate?: TlsIngressSecretArgs;
  /** Name of the Ingress object. @default the component name */
  readonly objectName?: string;
}

/** TLS for one app's hosts: an Ingress on the controller, checked against its TLS strategy. */
export class TlsIngress extends pulumi.ComponentResource {
  /** Where TLS ends. */
  public readonly strategy: TlsStrategy;
  /** The Secret served for the hosts, if any. */
  public readonly secretName?: string;

  constructor(name: string, args: TlsIngressArgs, opts?: pulumi.ComponentResourceOptions) {
    const { via, certificate, ...rest } = args;
    const controller = controllerNamed("TlsIngressArgs.via", via); // before anything is registered
    const libArgs: lib.TlsIngressArgs = {
      ...rest,
      via: controller,
      ...(certificate ? { certificate } : {}),
    };
    lib.validateTlsIngressArgs(libArgs);
    super("tls-edge:index:TlsIngress", name, {}, opts);
    const ingress = new lib.TlsIngress(name, libArgs, { parent: this });
    this.strategy = ingress.strategy;
    if (ingress.secretName !== undefined) this.secretName = ingress.secretName;
    this.registerOutputs({ strategy: this.strategy, secretName: this.secretName });
  }
}
