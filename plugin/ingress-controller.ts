/**
 * IngressController as other languages see it: the common choices, the default certificate as an
 * existing Secret (an issuer object is TypeScript only), and the Gateway API CRDs by name. A
 * TlsIngress, TlsGateway, MeshMtls or CertificateAlerts of this package names the controller by its
 * name; the provider process that constructs both keeps the controller for it.
 */
import * as pulumi from "@pulumi/pulumi";
import * as lib from "../components/edge";
import type { ControllerKind, MeshJoin, TlsMinVersion } from "../components";
import { crdsNamed } from "./gateway-api-crds";
import { named, register } from "./registry";
import { validatedAs } from "./validated";

const AT = "IngressControllerArgs";

/** Arguments of an ingress controller installed from its official chart. */
export interface IngressControllerArgs {
  /** The controller. @default "traefik" */
  readonly controller?: ControllerKind;
  /** Namespace of the release. @default the controller's name */
  readonly namespace?: string;
  /** IngressClass Ingresses select on. @default the chart's */
  readonly ingressClassName?: string;
  /** Replicas of the controller. @default 2 */
  readonly replicas?: number;
  /** The `kubernetes.io/tls` Secret the controller serves for unknown names. */
  readonly defaultCertificateSecret: string;
  /** Redirect HTTP to HTTPS. @default true */
  readonly redirectToHttps?: boolean;
  /** Lowest TLS version served. @default "1.2" */
  readonly minTlsVersion?: TlsMinVersion;
  /** Install the chart; `false` computes everything but skips the Release. @default true */
  readonly installChart?: boolean;
  /** Join the controller to a mesh. @see https://istio.io/latest/docs/ops/integrations/ */
  readonly mesh?: MeshJoin;
  /**
   * Name of a GatewayApiCrds (of this package, created before: list it in `dependsOn`): turns on
   * the controller's Gateway API provider and GatewayClass (Traefik only), for a TlsGateway.
   */
  readonly gatewayApi?: string;
}

/** The controller named by `field` (e.g. `TlsIngressArgs.via`), constructed earlier in this process. */
export function controllerNamed(field: string, name: string): lib.IngressController {
  return named<lib.IngressController>("IngressController", field, name);
}

/** An ingress controller from its official chart, with TLS defaults. */
export class IngressController extends pulumi.ComponentResource {
  /** The IngressClass Ingresses select on. */
  public readonly ingressClassName: string;
  /** Namespace of the release. */
  public readonly namespace: string;
  /** The controller's Service. */
  public readonly serviceName: string;

  constructor(name: string, args: IngressControllerArgs, opts?: pulumi.ComponentResourceOptions) {
    const gatewayApi =
      args.gatewayApi !== undefined
        ? crdsNamed("IngressControllerArgs.gatewayApi", args.gatewayApi)
        : undefined;
    const libArgs: lib.IngressControllerArgs = {
      ...(args.controller !== undefined ? { controller: args.controller } : {}),
      ...(args.namespace !== undefined ? { namespace: args.namespace } : {}),
      ...(args.ingressClassName !== undefined ? { ingressClassName: args.ingressClassName } : {}),
      ...(args.replicas !== undefined ? { replicas: args.replicas } : {}),
      ...(args.installChart !== undefined ? { installChart: args.installChart } : {}),
      ...(args.mesh !== undefined ? { mesh: args.mesh } : {}),
      ...(gatewayApi ? { gatewayApi } : {}),
      defaultCertificate: { secretName: args.defaultCertificateSecret },
      tls: {
        ...(args.redirectToHttps !== undefined ? { redirectToHttps: args.redirectToHttps } : {}),
        ...(args.minTlsVersion !== undefined ? { minVersion: args.minTlsVersion } : {}),
      },
    };
    validatedAs(libArgs, lib.validateIngressControllerArgs, [
      [`${AT}.defaultCertificate.secretName`, `${AT}.defaultCertificateSecret`],
      [`${AT}.tls.minVersion`, `${AT}.minTlsVersion`],
      [`${AT}.tls.redirectToHttps`, `${AT}.redirectToHttps`],
    ]);
    super("tls-edge:index:IngressController", name, {}, opts);
    const controller = new lib.IngressController(name, libArgs, { parent: this });
    this.ingressClassName = controller.ingressClassName;
    this.namespace = controller.namespace;
    this.serviceName = controller.serviceName;
    register("IngressController", name, controller);
    this.registerOutputs({
      ingressClassName: this.ingressClassName,
      namespace: this.namespace,
      serviceName: this.serviceName,
    });
  }
}
