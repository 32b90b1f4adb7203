/**
 * What every issuer component shares: where the issuer lives (cluster-wide or in a namespace),
 * where cert-manager reads its Secrets, how it waits for cert-manager, and the Secrets it holds.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { CertManager } from "../cert-manager";
import { IssuerKind } from "./issuer-ref";
import { show } from "./problems";
import { isDns1123Label, isDns1123Subdomain } from "../lib/names";
import { type Problems } from "../lib/problems";

/** cert-manager's own namespace when no `CertManager` is given. */
export const DEFAULT_CERT_MANAGER_NAMESPACE = "cert-manager";

/** Scope and ordering args every issuer takes. */
export interface IssuerScopeArgs extends IssuerPlacementArgs {
  /** cert-manager install to order after, so the webhook is ready when the issuer is applied. */
  readonly certManager?: CertManager;
}

/** Where an issuer lives: the scope args other languages pass too (the plugin package). */
export interface IssuerPlacementArgs {
  /**
   * Namespace of a namespaced `Issuer`; omit for a `ClusterIssuer`. A plain string: the scope
   * decides the kind, the Secret namespace and what Certificates may reference, at construction.
   * @default undefined (ClusterIssuer)
   * @see https://cert-manager.io/docs/concepts/issuer/#namespaces
   */
  readonly namespace?: string;
  /**
   * Name of the issuer object in the cluster (plain: Certificates and annotations name it).
   * @default the component name
   */
  readonly issuerName?: string;
}

/** The resolved scope of one issuer. */
export interface IssuerScope {
  readonly kind: IssuerKind;
  readonly issuerName: string;
  readonly namespace?: string;
  /** Where cert-manager reads this issuer's Secrets. */
  readonly secretNamespace: string;
  readonly dependsOn: pulumi.Resource[];
}

/** Why an issuer's other arguments must be plain (for `outputProblems`). */
export const ISSUER_PLAIN =
  "the issuer's kind, object names and Secrets are decided from it at construction";

/** Checks `namespace` and `issuerName` (plain strings by type). */
export function checkScope(p: Problems, argsName: string, args: IssuerScopeArgs): void {
  if (args.namespace !== undefined && !isDns1123Label(args.namespace)) {
    p.add(
      `${argsName}.namespace`,
      `${show(args.namespace)} is not a valid namespace name`,
      "use lower-case letters, digits and '-', at most 63 characters, or omit it for a ClusterIssuer",
    );
  }
  if (args.issuerName !== undefined && !isDns1123Subdomain(args.issuerName)) {
    p.add(
      `${argsName}.issuerName`,
      `${show(args.issuerName)} is not a valid object name`,
      "use lower-case letters, digits, '-' and '.', or omit it to use the component name",
    );
  }
}

/** Resolves the scope: kind from `namespace`, Secrets next to a namespaced Issuer or in
 * cert-manager's cluster resource namespace for a ClusterIssuer. */
export function resolveScope(name: string, args: IssuerScopeArgs): IssuerScope {
  const namespace = args.namespace;
  return {
    kind: namespace ? IssuerKind.Issuer : IssuerKind.ClusterIssuer,
    issuerName: args.issuerName ?? name,
    ...(namespace ? { namespace } : {}),
    secretNamespace:
      namespace ?? args.certManager?.clusterResourceNamespace ?? DEFAULT_CERT_MANAGER_NAMESPACE,
    dependsOn: [...(args.certManager?.ready ?? [])],
  };
}

/** A Secret holding credentials an issuer references; the data is always a Pulumi secret. */
export function credentialsSecret(
  parent: pulumi.Resource,
  resourceName: string,
  secretName: string,
  namespace: string,
  data: Record<string, pulumi.Input<string>>,
  dependsOn: pulumi.Resource[],
): k8s.core.v1.Secret {
  return new k8s.core.v1.Secret(
    resourceName,
    {
      metadata: { name: secretName, namespace },
      type: "Opaque",
      stringData: pulumi.secret(data),
    },
    { parent, dependsOn },
  );
}
