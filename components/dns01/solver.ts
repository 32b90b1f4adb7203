import type * as pulumi from "@pulumi/pulumi";

/**
 * What a DNS-01 credential component hands to `AcmeIssuer`: the `dns01` block of a
 * cert-manager ACME solver and the DNS zones it serves (used as `selector.dnsZones`).
 * @see https://cert-manager.io/docs/configuration/acme/dns01/
 */
export interface AcmeDns01Solver {
  /** The solver's `dns01` block, e.g. `{ route53: {...} }` or `{ cloudflare: {...} }`. */
  readonly dns01: Record<string, unknown>;
  /** Zones this solver answers for; empty means every zone. */
  readonly dnsZones: readonly string[];
}

/** A component that provides a DNS-01 solver (`Route53Dns01`, `CloudflareDns01`, `Rfc2136Dns01`). */
export interface Dns01SolverProvider {
  /** The solver configuration, resolved once the credentials exist. */
  readonly solver: pulumi.Output<AcmeDns01Solver>;
  /** The zones, known when the component is constructed (for validation). */
  readonly dnsZones: readonly string[];
  /** Resources an issuer must wait for (secrets, roles) before it is created. */
  readonly readyResources: readonly pulumi.Resource[];
}
