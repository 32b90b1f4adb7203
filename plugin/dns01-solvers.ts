/**
 * What the plugin's DNS-01 solvers share: an AcmeIssuer of this package names them by resource
 * name (`dns01: [route53]`), so each registers itself as a DNS-01 solver when constructed; and
 * what their TypeScript-only outputs become for other languages.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Dns01SolverProvider } from "../components/dns01";
import { named, register, registered } from "./registry";

/** The registry kind of Route53Dns01, CloudflareDns01 and Rfc2136Dns01 alike. */
const DNS01_SOLVER = "DNS-01 solver";

/** Records `solver` as the DNS-01 solver named `name`, for an AcmeIssuer later in the program. */
export function registerDns01Solver(name: string, solver: Dns01SolverProvider): void {
  register(DNS01_SOLVER, name, solver);
}

/** The registry kind that records which component type holds each DNS-01 solver name. */
const DNS01_SOLVER_TYPE = "DNS-01 solver type";

/**
 * Claims `name` for a DNS-01 solver of `type`, before it registers anything. Pulumi lets
 * components of different types share a name, but an AcmeIssuer's `dns01` names a solver by its
 * name alone, so two solvers of one program may not. (The same type again is the same component
 * constructed again, as tests do.)
 */
export function claimDns01SolverName(type: string, name: string): void {
  const other = registered(DNS01_SOLVER_TYPE, name);
  if (other !== undefined && other !== type) {
    throw new Error(
      `${type} "${name}": a ${String(other)} of this program has the same name, and an ` +
        "AcmeIssuer's dns01 names a solver by its name alone; give each DNS-01 solver a name of " +
        "its own",
    );
  }
  register(DNS01_SOLVER_TYPE, name, type);
}

/** The DNS-01 solver an AcmeIssuer names at `field`, constructed earlier in this process. */
export function dns01SolverNamed(field: string, name: string): Dns01SolverProvider {
  return named<Dns01SolverProvider>(DNS01_SOLVER, field, name);
}

/** URNs of the resources an issuer must wait for (a list of resources has no schema type). */
export function readyResourceUrns(solver: Dns01SolverProvider): pulumi.Output<string[]> {
  return pulumi.all(solver.readyResources.map((r) => r.urn));
}
