/**
 * A small stand-in for `Route53Dns01` / `CloudflareDns01`: the `Dns01SolverProvider` interface
 * with a fixed solver block and, optionally, a credential resource the issuer must wait for.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Dns01SolverProvider } from "../../components/dns01/solver";

export function fakeDns01(
  dnsZones: string[],
  dns01: Record<string, unknown>,
  readyResources: pulumi.Resource[] = [],
): Dns01SolverProvider {
  return { solver: pulumi.output({ dns01, dnsZones }), dnsZones, readyResources };
}

export const ROUTE53 = {
  route53: { region: "eu-west-1", hostedZoneID: "Z0123456789ABCDEFGHIJ" },
};
export const CLOUDFLARE = {
  cloudflare: { apiTokenSecretRef: { name: "cloudflare-token", key: "api-token" } },
};
