/**
 * A small stand-in for `Route53Dns01` / `CloudflareDns01`: the `Dns01SolverProvider` interface
 * with a fixed solver block and, optionally, a credential resource the issuer must wait for.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AcmeDns01Solver, Dns01SolverProvider } from "../../components/dns01/solver";

export function fakeDns01(
  dnsZones: string[],
  dns01: Record<string, unknown>,
  readyResources: pulumi.Resource[] = [],
): Dns01SolverProvider {
  const solver: AcmeDns01Solver = { dns01, dnsZones };
  return {
    solver: pulumi.output(solver) as unknown as pulumi.Output<AcmeDns01Solver>,
    dnsZones,
    readyResources,
  };
}

export const ROUTE53 = {
  route53: { region: "eu-west-1", hostedZoneID: "Z0123456789ABCDEFGHIJ" },
};
export const CLOUDFLARE = {
  cloudflare: { apiTokenSecretRef: { name: "cloudflare-token", key: "api-token" } },
};
