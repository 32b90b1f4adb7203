/**
 * ACME challenge solvers of an `AcmeIssuer`: DNS-01 from any `Dns01SolverProvider` (selected by
 * its DNS zones) and HTTP-01 through an ingress class.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AcmeDns01Solver, Dns01SolverProvider } from "../dns01/solver";
import { show } from "./problems";
import { isKnown } from "../lib/inputs";
import { type Problems } from "../lib/problems";

/**
 * HTTP-01 through an Ingress that cert-manager creates for each challenge.
 * @see https://cert-manager.io/docs/configuration/acme/http01/
 */
export interface AcmeHttp01Args {
  /** IngressClass of the controller that serves the challenge (`http01.ingress.ingressClassName`). */
  readonly ingressClassName: pulumi.Input<string>;
}

/** The solver args of an ACME issuer. */
export interface AcmeSolversArgs {
  /**
   * DNS-01 solvers (`Route53Dns01`, `CloudflareDns01`, `Rfc2136Dns01`); each is selected by its `dnsZones`.
   * @see https://cert-manager.io/docs/configuration/acme/dns01/
   */
  readonly dns01?: readonly Dns01SolverProvider[];
  /** An HTTP-01 solver for names no DNS-01 solver's zones cover. */
  readonly http01?: AcmeHttp01Args;
}

/** Checks the solvers; the zones are known at construction, ingress class names when plain. */
export function checkSolvers(p: Problems, argsName: string, args: AcmeSolversArgs): void {
  const dns01 = args.dns01 ?? [];
  if (dns01.length === 0 && !args.http01) {
    p.add(
      `${argsName}.dns01`,
      "the issuer has no solver, so no challenge can be answered",
      "add a DNS-01 solver (Route53Dns01, CloudflareDns01, Rfc2136Dns01) or an http01 ingress class",
    );
  }
  const seen = new Map<string, number>();
  let catchAll: number | undefined;
  dns01.forEach((provider, i) => {
    if (provider.dnsZones.length === 0) {
      if (catchAll !== undefined) {
        p.add(
          `${argsName}.dns01[${i}]`,
          `serves every zone, like dns01[${catchAll}], so cert-manager cannot choose between them`,
          "give each DNS-01 solver its zones",
        );
      } else if (args.http01) {
        p.add(
          `${argsName}.dns01[${i}]`,
          "serves every zone and the http01 solver has no selector either, so the choice between them is ambiguous",
          "give the DNS-01 solver its zones, or drop http01",
        );
      }
      catchAll ??= i;
    }
    provider.dnsZones.forEach((zone, j) => {
      const before = seen.get(zone);
      if (before !== undefined) {
        p.add(
          `${argsName}.dns01[${i}].dnsZones[${j}]`,
          `zone ${show(zone)} is already served by dns01[${before}]`,
          "serve each zone from one DNS-01 solver",
        );
      } else {
        seen.set(zone, i);
      }
    });
  });
  const cls = args.http01?.ingressClassName;
  if (args.http01 && isKnown(cls) && (typeof cls !== "string" || cls.trim() === "")) {
    p.add(
      `${argsName}.http01.ingressClassName`,
      "is empty",
      'name the IngressClass of the controller that serves port 80, e.g. "traefik"',
    );
  }
}

function dns01Solver(solver: AcmeDns01Solver): Record<string, unknown> {
  return {
    dns01: solver.dns01,
    ...(solver.dnsZones.length ? { selector: { dnsZones: [...solver.dnsZones] } } : {}),
  };
}

/** The `spec.acme.solvers` list: DNS-01 solvers first (selected by zone), HTTP-01 last. */
export function solverList(args: AcmeSolversArgs): pulumi.Output<Record<string, unknown>[]> {
  const dns01 = (args.dns01 ?? []).map((provider) => provider.solver);
  const http01 = args.http01
    ? [{ http01: { ingress: { ingressClassName: args.http01.ingressClassName } } }]
    : [];
  return pulumi
    .all([pulumi.all(dns01), pulumi.output(http01)])
    .apply(([solvers, http]) => [
      ...solvers.map(dns01Solver),
      ...(http as Record<string, unknown>[]),
    ]);
}

/** Resources the DNS-01 solvers need before the issuer exists (credential Secrets, roles). */
export function solverDependencies(args: AcmeSolversArgs): pulumi.Resource[] {
  return (args.dns01 ?? []).flatMap((provider) => [...provider.readyResources]);
}
