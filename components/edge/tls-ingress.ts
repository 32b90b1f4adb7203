/**
 * One application's entry: hosts and paths to a backend Service, with TLS carried out by the
 * chosen strategy. On an `IngressController` it is a `networking.k8s.io/v1` Ingress (on Traefik,
 * reencrypt is a `traefik.io/v1alpha1` IngressRoute with a ServersTransport); on a `TlsGateway`
 * an HTTPRoute (edge, reencrypt + BackendTLSPolicy) or a TLSRoute (passthrough). Re-encryption
 * also creates the CA bundle object the controller reads, unless the team names its own.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Certificate } from "../certificates/certificate";
import { caBundleFor, serversTransport, traefikRule } from "./backend-tls";
import { IngressController } from "./ingress-controller";
import { serviceHost, strategyAnnotations, type TlsStrategy } from "./strategies";
import { TlsGateway } from "./tls-gateway";
import { checkedWhenKnown } from "../lib/inputs";
import {
  TLS_INGRESS_INPUTS,
  validateTlsIngressArgs,
  type TlsIngressArgs,
} from "./tls-ingress-args";
import { hasPulumiType } from "../lib/instance";

const GATEWAY_API = "gateway.networking.k8s.io/v1";
/** The Traefik chart's HTTPS entry point. */
const TRAEFIK_WEBSECURE = "websecure";

/** Re-encryption on Traefik goes through an IngressRoute (see the constructor). */
function traefikReencrypt(via: IngressController, strategy: TlsStrategy): boolean {
  return via.controller === "traefik" && strategy === "reencrypt";
}

/** An application's TLS entry on an ingress controller or a Gateway. */
export class TlsIngress extends pulumi.ComponentResource {
  /** The Pulumi type token of TlsIngress. */
  public static readonly __pulumiType = "tls-edge:edge:TlsIngress";

  /** Whether `obj` is a TlsIngress, also one made by another loaded copy of tls-edge. */
  public static override isInstance(obj: unknown): obj is TlsIngress {
    return hasPulumiType(obj, TlsIngress.__pulumiType);
  }

  public readonly strategy: TlsStrategy;
  public readonly namespace: string;
  public readonly hosts: readonly string[];
  /** Annotations on the emitted Ingress (empty on a Gateway). */
  public readonly annotations: Readonly<Record<string, string>>;
  /**
   * Annotations the backend Service must carry (meshed Traefik reads `passhostheader` there).
   * The Service belongs to the application, so apply them where it is defined.
   */
  public readonly backendServiceAnnotations: Readonly<Record<string, string>>;
  /** The Secret holding the hosts' certificate (Ingress edge/reencrypt only). */
  public readonly secretName?: string;
  /** The Ingress, IngressRoute (Traefik reencrypt), HTTPRoute or TLSRoute. */
  public readonly route: k8s.apiextensions.CustomResource | k8s.networking.v1.Ingress;
  public readonly backendTlsPolicy?: k8s.apiextensions.CustomResource;

  constructor(name: string, args: TlsIngressArgs, opts?: pulumi.ComponentResourceOptions) {
    validateTlsIngressArgs(args);
    super(TlsIngress.__pulumiType, name, {}, opts);
    // A CA PEM given as an Output: the same checks once known, before the CA object takes it.
    args = checkedWhenKnown(args, TLS_INGRESS_INPUTS, validateTlsIngressArgs);

    this.strategy = args.strategy ?? "edge";
    this.namespace = args.namespace;
    this.hosts = [...args.hosts];
    const objectName = args.objectName ?? name;
    const paths = args.paths ?? [{ path: "/", pathType: "Prefix" as const }];
    const { service, port } = args.backend;
    const backendHost = args.backendTls?.hostname ?? serviceHost(service, args.namespace);

    if (IngressController.isInstance(args.via) && traefikReencrypt(args.via, this.strategy)) {
      // Traefik reads a backend's scheme and ServersTransport from annotations on the app's
      // Service only (pkg/provider/kubernetes/ingress/annotations.go, ServiceIng), and never from
      // the Ingress. The platform does not own that Service: a ServicePatch fails while the
      // Service does not exist yet (the app usually deploys after the platform) and fights the
      // app's own deploys. An IngressRoute carries `scheme` and `serversTransport` per route
      // (pkg/provider/kubernetes/crd/kubernetes_http.go), so everything lives in objects this
      // component owns. cert-manager does not watch IngressRoutes: the certificate is explicit.
      const via = args.via;
      const ca = caBundleFor(
        name,
        args.backendTls!.caBundle,
        "traefik",
        args.namespace,
        objectName,
        {
          parent: this,
        },
      );
      const transport = serversTransport(name, ca, backendHost, args.namespace, objectName, {
        parent: this,
        dependsOn: [...(via.release ? [via.release] : []), ...(ca.resource ? [ca.resource] : [])],
      });
      const cert = args.certificate;
      this.annotations = {};
      this.backendServiceAnnotations = {};
      this.secretName = cert?.secretName ?? `${objectName}-tls`;
      const certificate = cert?.issuer
        ? new Certificate(
            `${name}-certificate`,
            {
              dnsNames: [...args.hosts],
              secretName: this.secretName,
              namespace: args.namespace,
              issuer: cert.issuer,
              certificateName: `${objectName}-tls`,
            },
            { parent: this },
          )
        : undefined;
      const meshed = via.mesh !== undefined;
      this.route = new k8s.apiextensions.CustomResource(
        `${name}-route`,
        {
          apiVersion: "traefik.io/v1alpha1",
          kind: "IngressRoute",
          metadata: { name: objectName, namespace: args.namespace },
          spec: {
            ingressClassName: via.ingressClassName,
            entryPoints: [TRAEFIK_WEBSECURE],
            routes: paths.map((x) => ({
              kind: "Rule",
              match: traefikRule(args.hosts, x.path, x.pathType === "Exact"),
              services: [
                {
                  name: service,
                  port,
                  scheme: "https",
                  // A plain name is the ServersTransport in the Service's namespace
                  // (makeServersTransportKey); `<ns>-<name>@kubernetescrd` would be refused
                  // while the chart keeps allowCrossNamespace off.
                  serversTransport: `${objectName}-backend`,
                  // Meshed: as the Ingress path does with nativeLBByDefault and passhostheader.
                  ...(meshed ? { nativeLB: true, passHostHeader: false } : {}),
                },
              ],
            })),
            tls: { secretName: this.secretName },
          },
        },
        {
          parent: this,
          dependsOn: [
            ...(via.release ? [via.release] : []),
            transport,
            ...(certificate ? [certificate] : []),
          ],
        },
      );
    } else if (IngressController.isInstance(args.via)) {
      const via = args.via;
      const cert = args.certificate;
      const issuerAnnotation: Record<string, string> = cert?.issuer
        ? {
            [cert.issuer.issuerKind === "ClusterIssuer"
              ? "cert-manager.io/cluster-issuer"
              : "cert-manager.io/issuer"]: cert.issuer.issuerName,
          }
        : {};
      const ca =
        this.strategy === "reencrypt"
          ? caBundleFor(
              name,
              args.backendTls!.caBundle,
              via.controller,
              args.namespace,
              objectName,
              {
                parent: this,
              },
            )
          : undefined;
      const byStrategy = strategyAnnotations({
        controller: via.controller,
        strategy: this.strategy,
        namespace: args.namespace,
        service,
        meshed: via.mesh !== undefined,
        ...(ca ? { backendTls: { hostname: backendHost, caSecretName: ca.name } } : {}),
      });
      this.annotations = { ...issuerAnnotation, ...byStrategy.ingress };
      this.backendServiceAnnotations = byStrategy.service;
      if (this.strategy !== "passthrough") {
        this.secretName = cert?.secretName ?? `${objectName}-tls`;
      }
      this.route = new k8s.networking.v1.Ingress(
        `${name}-ingress`,
        {
          metadata: { name: objectName, namespace: args.namespace, annotations: this.annotations },
          spec: {
            ingressClassName: via.ingressClassName,
            ...(this.secretName
              ? { tls: [{ hosts: [...args.hosts], secretName: this.secretName }] }
              : {}),
            rules: args.hosts.map((host) => ({
              host,
              http: {
                paths: paths.map((x) => ({
                  path: x.path,
                  pathType: x.pathType ?? "Prefix",
                  backend: { service: { name: service, port: { number: port } } },
                })),
              },
            })),
          },
        },
        {
          parent: this,
          dependsOn: [
            ...(via.release ? [via.release] : []),
            ...(cert?.issuer ? [cert.issuer.issuerResource] : []),
            ...(ca?.resource ? [ca.resource] : []),
          ],
        },
      );
    } else {
      const via = args.via as TlsGateway;
      this.annotations = {};
      this.backendServiceAnnotations = {};
      const passthrough = this.strategy === "passthrough";
      // One parentRef per listener the hosts land on, in host order, without repeats.
      const sections = [
        ...new Set(
          args.hosts.map((host) =>
            passthrough
              ? TlsGateway.passthroughListener(via.passthroughHostFor(host) ?? host)
              : TlsGateway.httpsListener(via.terminatingHostFor(host) ?? host),
          ),
        ),
      ];
      const parentRefs = sections.map((sectionName) => ({
        name: via.gatewayName,
        namespace: via.namespace,
        sectionName,
      }));
      const backendRefs = [{ name: service, port }];
      this.route = new k8s.apiextensions.CustomResource(
        `${name}-route`,
        {
          apiVersion: GATEWAY_API,
          kind: passthrough ? "TLSRoute" : "HTTPRoute",
          metadata: { name: objectName, namespace: args.namespace },
          spec: {
            parentRefs,
            hostnames: [...args.hosts],
            rules: passthrough
              ? [{ backendRefs }]
              : [
                  {
                    matches: paths.map((x) => ({
                      path: {
                        type: x.pathType === "Exact" ? "Exact" : "PathPrefix",
                        value: x.path,
                      },
                    })),
                    backendRefs,
                  },
                ],
          },
        },
        { parent: this, dependsOn: [via.gateway] },
      );
      if (this.strategy === "reencrypt") {
        const ca = caBundleFor(
          name,
          args.backendTls!.caBundle,
          "gateway",
          args.namespace,
          objectName,
          {
            parent: this,
          },
        );
        this.backendTlsPolicy = new k8s.apiextensions.CustomResource(
          `${name}-backend-tls`,
          {
            apiVersion: GATEWAY_API,
            kind: "BackendTLSPolicy",
            metadata: { name: `${objectName}-backend-tls`, namespace: args.namespace },
            spec: {
              targetRefs: [{ group: "", kind: "Service", name: service }],
              validation: {
                caCertificateRefs: [{ group: "", kind: ca.kind, name: ca.name }],
                hostname: backendHost,
              },
            },
          },
          { parent: this, dependsOn: ca.resource ? [ca.resource] : [] },
        );
      }
    }

    // `route` and `backendTlsPolicy` stay out of the registered outputs: they are children of
    // this component already, and a resource reference costs two awaits per host in large stacks.
    this.registerOutputs({
      strategy: this.strategy,
      namespace: this.namespace,
      hosts: this.hosts,
      annotations: this.annotations,
      backendServiceAnnotations: this.backendServiceAnnotations,
      secretName: this.secretName,
    });
  }
}
