/**
 * Route53Dns01 as other languages see it. The library's credential modes are a discriminated
 * union, which Pulumi's schema cannot express; here they are flat: a `mode` and the fields of
 * every mode, each allowed only with its own mode, checked before anything is registered. Also
 * plain arrays, its CertManager by resource name, and the issuer's wait list as URNs. An
 * AcmeIssuer of this package names it in `dns01` by its resource name.
 */
import * as pulumi from "@pulumi/pulumi";
import * as lib from "../components/dns01";
import type { AwsPartition, Dns01PlacementArgs, Route53CredentialMode } from "../components/dns01";
import { show } from "../components/issuers/problems";
import { Problems } from "../components/lib/problems";
import { validatedAs } from "./validated";
import { withCertManager, type CertManagerRefArgs } from "./cert-manager";
import { claimDns01SolverName, readyResourceUrns, registerDns01Solver } from "./dns01-solvers";

/** Arguments of least-privilege Route53 credentials for DNS-01, and how cert-manager gets them. */
export interface Route53Dns01Args extends Dns01PlacementArgs, CertManagerRefArgs {
  /** DNS zones these credentials answer for (the issuer's `selector.dnsZones`). */
  readonly dnsZones: string[];
  /** Hosted zone ids (`Z...`) or ARNs the policy grants; with one, the solver pins it. */
  readonly hostedZoneIds: pulumi.Input<string>[];
  /** Region the solver computes its credential scope from. */
  readonly region: pulumi.Input<string>;
  /** Partition of the ARNs. @default the AWS provider's partition */
  readonly partition?: AwsPartition;
  /**
   * How cert-manager gets credentials: `irsa` (with oidcProviderArn, optionally
   * serviceAccountRef), `podIdentity` (with clusterName), `assumeRole` (with roleArn) or
   * `accessKey` (optionally secretName).
   */
  readonly mode: Route53CredentialMode;
  /** `irsa` only: the cluster's IAM OIDC provider ARN. */
  readonly oidcProviderArn?: pulumi.Input<string>;
  /** `irsa` only: a dedicated ServiceAccount for the solver, created in the Secret namespace. */
  readonly serviceAccountRef?: string;
  /** `podIdentity` only: the EKS cluster the association is made in. */
  readonly clusterName?: pulumi.Input<string>;
  /** `assumeRole` only: the role to assume (attach `policyDocument` to it in its account). */
  readonly roleArn?: pulumi.Input<string>;
  /** `accessKey` only: name of the Secret with the access key. @default "<name>-route53" */
  readonly secretName?: string;
}

const AT = "Route53Dns01Args";
type ModeField = "oidcProviderArn" | "serviceAccountRef" | "clusterName" | "roleArn" | "secretName";
/** Each mode's fields, and whether it needs them. */
const MODE_FIELDS: Record<Route53CredentialMode, Partial<Record<ModeField, string | false>>> = {
  irsa: {
    oidcProviderArn:
      'give the cluster\'s IAM OIDC provider ARN, e.g. "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE"',
    serviceAccountRef: false,
  },
  podIdentity: { clusterName: "give the name of the EKS cluster cert-manager runs in" },
  assumeRole: {
    roleArn: 'give the role to assume, e.g. "arn:aws:iam::210987654321:role/dns01"',
  },
  accessKey: { secretName: false },
};
const MODES = Object.keys(MODE_FIELDS) as Route53CredentialMode[];

/** The library's credentials from the flat fields; every misplaced or missing field named. */
export function route53Credentials(args: Route53Dns01Args): lib.Route53Credentials {
  const p = new Problems();
  const mode = args.mode;
  if (!MODES.includes(mode)) {
    p.add(
      `${AT}.mode`,
      `${show(mode)} is not a credential mode`,
      `use one of ${MODES.map((m) => show(m)).join(", ")}`,
    );
    p.throwIfAny();
  }
  const own = MODE_FIELDS[mode];
  for (const other of MODES.filter((m) => m !== mode)) {
    for (const field of Object.keys(MODE_FIELDS[other]) as ModeField[]) {
      if (args[field] !== undefined && !(field in own)) {
        p.add(
          `${AT}.${field}`,
          `is only used with mode "${other}", and mode is "${mode}"`,
          `drop ${field}, or set mode: "${other}"`,
        );
      }
    }
  }
  for (const [field, fix] of Object.entries(own) as [ModeField, string | false][]) {
    if (fix && args[field] === undefined) {
      p.add(`${AT}.${field}`, `mode "${mode}" needs it`, fix);
    }
  }
  p.throwIfAny();
  switch (mode) {
    case "irsa":
      return {
        mode,
        oidcProviderArn: args.oidcProviderArn!,
        ...(args.serviceAccountRef !== undefined
          ? { serviceAccountRef: args.serviceAccountRef }
          : {}),
      };
    case "podIdentity":
      return { mode, clusterName: args.clusterName! };
    case "assumeRole":
      return { mode, roleArn: args.roleArn! };
    case "accessKey":
      return { mode, ...(args.secretName !== undefined ? { secretName: args.secretName } : {}) };
  }
}

/** The library's arguments, checked, with problems named by the plugin's fields. */
export function route53Args(args: Route53Dns01Args): lib.Route53Dns01Args {
  // The scope fields as they are; the credential fields go into `credentials`.
  const { mode: _m, oidcProviderArn: _o, serviceAccountRef: _s, ...rest } = args;
  const { clusterName: _c, roleArn: _r, secretName: _n, ...scope } = rest;
  return validatedAs<lib.Route53Dns01Args>(
    { ...withCertManager(AT, scope), credentials: route53Credentials(args) },
    lib.validateRoute53Dns01Args,
    [
      [`${AT}.credentials.`, `${AT}.`],
      ["credentials.serviceAccountRef", "serviceAccountRef"],
    ],
  );
}

/** Least-privilege Route53 credentials for cert-manager's DNS-01 solver, one way to use them. */
export class Route53Dns01 extends pulumi.ComponentResource {
  /** The zones it answers for. */
  public readonly dnsZones: string[];
  /** The least-privilege policy JSON (attach it to the role in `assumeRole` mode). */
  public readonly policyDocument: pulumi.Output<string>;
  /** The IAM policy created here; absent in `assumeRole` mode. */
  public readonly policyArn?: pulumi.Output<string>;
  /** The role cert-manager uses (created for irsa and podIdentity, given for assumeRole). */
  public readonly roleArn?: pulumi.Output<string>;
  /** For CertManager's `serviceAccountAnnotations` (ambient IRSA); empty otherwise. */
  public readonly serviceAccountAnnotations: pulumi.Output<Record<string, string>>;
  /** The access key secret (`accessKey` mode), always a secret. */
  public readonly secretAccessKey?: pulumi.Output<string>;
  /** The Secret cert-manager reads (`accessKey` mode). */
  public readonly credentialsSecretName?: string;
  /** URNs of the resources an issuer using it waits for. */
  public readonly readyResourceUrns: pulumi.Output<string[]>;

  constructor(name: string, args: Route53Dns01Args, opts?: pulumi.ComponentResourceOptions) {
    const checked = route53Args(args);
    claimDns01SolverName("Route53Dns01", name);
    super("tls-edge:index:Route53Dns01", name, {}, opts);
    const dns = new lib.Route53Dns01(name, checked, { parent: this });
    registerDns01Solver(name, dns);
    this.dnsZones = [...dns.dnsZones];
    this.policyDocument = dns.policyDocument;
    if (dns.policyArn) this.policyArn = dns.policyArn;
    if (dns.roleArn) this.roleArn = dns.roleArn;
    this.serviceAccountAnnotations = dns.serviceAccountAnnotations;
    if (dns.secretAccessKey) this.secretAccessKey = dns.secretAccessKey;
    if (dns.credentialsSecretName !== undefined) {
      this.credentialsSecretName = dns.credentialsSecretName;
    }
    this.readyResourceUrns = readyResourceUrns(dns);
    this.registerOutputs({
      dnsZones: this.dnsZones,
      policyDocument: this.policyDocument,
      policyArn: this.policyArn,
      roleArn: this.roleArn,
      serviceAccountAnnotations: this.serviceAccountAnnotations,
      secretAccessKey: this.secretAccessKey,
      credentialsSecretName: this.credentialsSecretName,
      readyResourceUrns: this.readyResourceUrns,
    });
  }
}
