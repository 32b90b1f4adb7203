/**
 * CloudflareDns01 as other languages see it: plain arrays, its CertManager named by resource name, and
 * the issuer's wait list as URNs. An AcmeIssuer of this package names it in `dns01` by its
 * resource name.
 */
import * as pulumi from "@pulumi/pulumi";
import * as lib from "../components/dns01";
import type { CloudflareDns01SettingsArgs } from "../components/dns01";
import { withCertManager, type CertManagerRefArgs } from "./cert-manager";
import { claimDns01SolverName, readyResourceUrns, registerDns01Solver } from "./dns01-solvers";

/** Arguments of a Cloudflare API token for DNS-01, stored where cert-manager reads it. */
export interface CloudflareDns01Args extends CloudflareDns01SettingsArgs, CertManagerRefArgs {
  /** DNS zones these credentials answer for (the issuer's `selector.dnsZones`). */
  readonly dnsZones: string[];
  /** Cloudflare zone ids (32 hex characters) the token is limited to; `zones` scope only. */
  readonly zoneIds?: pulumi.Input<string>[];
}

/** A Cloudflare API token for cert-manager's DNS-01 solver, in the Secret the issuer reads. */
export class CloudflareDns01 extends pulumi.ComponentResource {
  /** The zones it answers for. */
  public readonly dnsZones: string[];
  /** The token value, always a secret. */
  public readonly apiToken: pulumi.Output<string>;
  /** The Cloudflare token id (for audits and rotation). */
  public readonly tokenId: pulumi.Output<string>;
  /** The Secret cert-manager reads. */
  public readonly credentialsSecretName: string;
  /** URNs of the resources an issuer using it waits for. */
  public readonly readyResourceUrns: pulumi.Output<string[]>;

  constructor(name: string, args: CloudflareDns01Args, opts?: pulumi.ComponentResourceOptions) {
    const libArgs = withCertManager("CloudflareDns01Args", args);
    lib.validateCloudflareDns01Args(libArgs);
    claimDns01SolverName("CloudflareDns01", name);
    super("tls-edge:index:CloudflareDns01", name, {}, opts);
    const dns = new lib.CloudflareDns01(name, libArgs, { parent: this });
    registerDns01Solver(name, dns);
    this.dnsZones = [...dns.dnsZones];
    this.apiToken = dns.apiToken;
    this.tokenId = dns.tokenId;
    this.credentialsSecretName = dns.credentialsSecretName;
    this.readyResourceUrns = readyResourceUrns(dns);
    this.registerOutputs({
      dnsZones: this.dnsZones,
      apiToken: this.apiToken,
      tokenId: this.tokenId,
      credentialsSecretName: this.credentialsSecretName,
      readyResourceUrns: this.readyResourceUrns,
    });
  }
}
