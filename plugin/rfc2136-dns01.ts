/**
 * Rfc2136Dns01 as other languages see it: plain arrays, its CertManager named by resource name, and
 * the issuer's wait list as URNs. An AcmeIssuer of this package names it in `dns01` by its
 * resource name.
 */
import * as pulumi from "@pulumi/pulumi";
import * as lib from "../components/dns01";
import type { Rfc2136Dns01SettingsArgs, TsigAlgorithm } from "../components/dns01";
import { withCertManager, type CertManagerRefArgs } from "./cert-manager";
import { claimDns01SolverName, readyResourceUrns, registerDns01Solver } from "./dns01-solvers";

/** Arguments of RFC 2136 (TSIG-signed dynamic update) credentials for DNS-01. */
export interface Rfc2136Dns01Args extends Rfc2136Dns01SettingsArgs, CertManagerRefArgs {
  /** DNS zones the server is primary for (the issuer's `selector.dnsZones`). */
  readonly dnsZones: string[];
}

/** RFC 2136 updates signed with TSIG for cert-manager's DNS-01 solver, and the TSIG Secret. */
export class Rfc2136Dns01 extends pulumi.ComponentResource {
  /** The zones it answers for. */
  public readonly dnsZones: string[];
  /** The algorithm cert-manager signs with. */
  public readonly tsigAlgorithm: TsigAlgorithm;
  /** The TSIG secret, always a secret. */
  public readonly tsigSecret: pulumi.Output<string>;
  /** The Secret cert-manager reads. */
  public readonly credentialsSecretName: string;
  /** URNs of the resources an issuer using it waits for. */
  public readonly readyResourceUrns: pulumi.Output<string[]>;

  constructor(name: string, args: Rfc2136Dns01Args, opts?: pulumi.ComponentResourceOptions) {
    const libArgs = withCertManager("Rfc2136Dns01Args", args);
    lib.validateRfc2136Dns01Args(libArgs);
    claimDns01SolverName("Rfc2136Dns01", name);
    super("tls-edge:index:Rfc2136Dns01", name, {}, opts);
    const dns = new lib.Rfc2136Dns01(name, libArgs, { parent: this });
    registerDns01Solver(name, dns);
    this.dnsZones = [...dns.dnsZones];
    this.tsigAlgorithm = dns.tsigAlgorithm;
    this.tsigSecret = dns.tsigSecret;
    this.credentialsSecretName = dns.credentialsSecretName;
    this.readyResourceUrns = readyResourceUrns(dns);
    this.registerOutputs({
      dnsZones: this.dnsZones,
      tsigAlgorithm: this.tsigAlgorithm,
      tsigSecret: this.tsigSecret,
      credentialsSecretName: this.credentialsSecretName,
      readyResourceUrns: this.readyResourceUrns,
    });
  }
}
