/**
 * The base of every issuer component. It resolves the scope at construction, creates the
 * cert-manager issuer object once the subclass has its spec, and exposes what `Certificate`,
 * `TlsIngress` and the ingress controllers read from an issuer (`CertificateIssuer`).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { CertificateIssuer, IssuerKind, IssuerReference } from "./issuer-ref";
import { hasBrand } from "../lib/instance";
import { Problems } from "../lib/problems";
import { checkScope, resolveScope, type IssuerScope, type IssuerScopeArgs } from "./scope";

const ISSUER_BRAND = "__tlsEdgeIssuerComponent";

interface IssuerObject {
  readonly resource: k8s.apiextensions.CustomResource;
  readonly ref: pulumi.Output<IssuerReference>;
}

/** An issuer component: an `Issuer` or `ClusterIssuer` and what it needs around it. */
export abstract class IssuerComponent
  extends pulumi.ComponentResource
  implements CertificateIssuer
{
  /**
   * Whether `obj` is an issuer component (a built-in one or a subclass of your own), also one
   * made by another loaded copy of tls-edge. Each built-in issuer has its own `isInstance`.
   */
  public static override isInstance(obj: unknown): obj is IssuerComponent {
    return hasBrand(obj, ISSUER_BRAND, true);
  }

  /** @internal The brand `IssuerComponent.isInstance` reads: subclasses have their own type tokens. */
  public readonly [ISSUER_BRAND] = true;
  public readonly issuerName: string;
  public readonly issuerKind: IssuerKind;
  public readonly issuerNamespace?: string;
  public abstract readonly supportsWildcards: boolean;
  /** Where the issuer lives, where cert-manager reads its Secrets, and what it waits for. */
  protected readonly scope: IssuerScope;
  readonly #name: string;
  #issuer?: IssuerObject;

  protected constructor(
    type: string,
    name: string,
    args: IssuerScopeArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    // A subclass checks its whole args first; this catches a subclass that forgot the scope,
    // still before anything is registered.
    const problems = new Problems();
    checkScope(problems, `${type.split(":").pop()}Args`, args);
    problems.throwIfAny();
    super(type, name, {}, opts);
    this.#name = name;
    this.scope = resolveScope(name, args);
    this.issuerName = this.scope.issuerName;
    this.issuerKind = this.scope.kind;
    if (this.scope.namespace) this.issuerNamespace = this.scope.namespace;
  }

  /** The issuer object itself, for ordering. */
  public get issuerResource(): k8s.apiextensions.CustomResource {
    return this.#created().resource;
  }

  /** The `issuerRef` a Certificate uses; it carries the issuer object as a dependency. */
  public get issuerRef(): pulumi.Output<IssuerReference> {
    return this.#created().ref;
  }

  /**
   * Creates the issuer object (`<name>-issuer`) with this spec, after `dependsOn` (the scope's
   * own dependencies when omitted). Called once, from the subclass constructor.
   */
  protected createIssuer(
    spec: pulumi.Input<Record<string, unknown>>,
    dependsOn: pulumi.Resource[] = this.scope.dependsOn,
  ): void {
    if (this.#issuer) throw new Error(`${this.#name}: the issuer object is already created`);
    const scope = this.scope;
    const resource = new k8s.apiextensions.CustomResource(
      `${this.#name}-issuer`,
      {
        apiVersion: "cert-manager.io/v1",
        kind: scope.kind,
        metadata: {
          name: scope.issuerName,
          ...(scope.namespace ? { namespace: scope.namespace } : {}),
        },
        spec,
      },
      { parent: this, dependsOn },
    );
    const ref = resource.urn.apply((): IssuerReference => ({
      name: scope.issuerName,
      kind: scope.kind,
      group: "cert-manager.io",
    }));
    this.#issuer = { resource, ref };
  }

  /** The outputs every issuer registers; a subclass adds its own fields to them. */
  protected issuerOutputs(): Record<string, unknown> {
    return {
      issuerRef: this.issuerRef,
      issuerName: this.issuerName,
      issuerKind: this.issuerKind,
      issuerNamespace: this.issuerNamespace,
      supportsWildcards: this.supportsWildcards,
      issuerResource: this.issuerResource,
    };
  }

  #created(): IssuerObject {
    if (!this.#issuer) {
      throw new Error(`${this.#name}: the issuer object is read before it is created`);
    }
    return this.#issuer;
  }
}
