/**
 * What both DNS-01 credential components share: where cert-manager reads their Secret (next to a
 * namespaced Issuer, or in the cluster resource namespace for a ClusterIssuer) and the checks on
 * zone names and that scope.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { CertManager } from "../cert-manager";
import { show } from "../issuers/problems";
import { isDns1123Label, isDns1123Subdomain } from "../lib/names";
import { type Problems } from "../lib/problems";
import { isZoneName } from "../lib/hosts";

/** Why a DNS-01 solver's other arguments must be plain (for `outputProblems`). */
export const DNS01_PLAIN =
  "zones select the solver and name its resources, and the credentials decide what is created";

/** cert-manager's namespace (and its controller's ServiceAccount name) when none is given. */
export const DEFAULT_CERT_MANAGER_NAMESPACE = "cert-manager";
/** The controller's ServiceAccount as the chart names it for a release called `cert-manager`. */
export const CERT_MANAGER_SERVICE_ACCOUNT = "cert-manager";

/** Where the issuer using these credentials lives. */
export interface Dns01ScopeArgs extends Dns01PlacementArgs {
  /**
   * The cert-manager install: its namespace is the cluster resource namespace, and Secrets are
   * created after it.
   * @default cert-manager in "cert-manager"
   */
  readonly certManager?: CertManager;
}

/** Where the issuer lives: the scope arg other languages pass too (the plugin package). */
export interface Dns01PlacementArgs {
  /**
   * Namespace of the namespaced `Issuer` that uses these credentials; omit for a
   * `ClusterIssuer`. Plain: it decides where the Secret goes, at construction.
   * @default undefined (ClusterIssuer: Secrets in the cluster resource namespace)
   * @see https://cert-manager.io/docs/configuration/#cluster-resource-namespace
   */
  readonly namespace?: string;
}

/** The resolved scope of one set of DNS-01 credentials. */
export interface Dns01Scope {
  /** True for a ClusterIssuer (no `namespace`). */
  readonly clusterIssuer: boolean;
  /** Where cert-manager reads the credentials Secret. */
  readonly secretNamespace: string;
  /** Where cert-manager's controller runs (for trust policies and RBAC subjects). */
  readonly controllerNamespace: string;
  readonly dependsOn: pulumi.Resource[];
}

export function resolveDns01Scope(args: Dns01ScopeArgs): Dns01Scope {
  const controllerNamespace = args.certManager?.namespace ?? DEFAULT_CERT_MANAGER_NAMESPACE;
  return {
    clusterIssuer: args.namespace === undefined,
    secretNamespace:
      args.namespace ?? args.certManager?.clusterResourceNamespace ?? controllerNamespace,
    controllerNamespace,
    dependsOn: [...(args.certManager?.ready ?? [])],
  };
}

/** Checks `dnsZones` (plain: the issuer's solver selector is built from them) and `namespace`. */
export function checkDns01Scope(
  p: Problems,
  argsName: string,
  dnsZones: readonly string[] | undefined,
  args: Dns01ScopeArgs,
): void {
  if (!dnsZones || dnsZones.length === 0) {
    p.add(
      `${argsName}.dnsZones`,
      "no zone given",
      'list the DNS zones these credentials answer for, e.g. ["example.com"]',
    );
  } else {
    const seen = new Set<string>();
    dnsZones.forEach((zone, i) => {
      if (!isZoneName(zone)) {
        p.add(
          `${argsName}.dnsZones[${i}]`,
          `${show(zone)} is not a DNS zone name`,
          'give the zone in lower case without wildcard or trailing dot, e.g. "example.com"',
        );
      } else if (seen.has(zone)) {
        p.add(`${argsName}.dnsZones[${i}]`, `${show(zone)} is listed twice`, "list each zone once");
      }
      seen.add(zone);
    });
  }
  if (args.namespace !== undefined && !isDns1123Label(args.namespace)) {
    p.add(
      `${argsName}.namespace`,
      `${show(args.namespace)} is not a valid namespace name`,
      "use lower-case letters, digits and '-', at most 63 characters, or omit it for a ClusterIssuer",
    );
  }
}

/** Checks an optional Secret name. */
export function checkSecretName(p: Problems, path: string, value: string | undefined): void {
  if (value !== undefined && !isDns1123Subdomain(value)) {
    p.add(
      path,
      `${show(value)} is not a valid Secret name`,
      "use lower-case letters, digits, '-' and '.', or omit it to use the default",
    );
  }
}
