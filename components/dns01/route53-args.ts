/**
 * What `Route53Dns01` takes, and its validation: the credential modes, the hosted zones and the
 * region, checked before anything is created.
 */
import type * as pulumi from "@pulumi/pulumi";
import { show } from "../issuers/problems";
import { isDns1123Subdomain } from "../lib/names";
import { Problems } from "../lib/problems";
import { outputProblems } from "../lib/inputs";
import { checkDns01Scope, checkSecretName, DNS01_PLAIN, type Dns01ScopeArgs } from "./scope";
import {
  AWS_REGION,
  EKS_CLUSTER_NAME,
  HOSTED_ZONE_ARN,
  HOSTED_ZONE_ID,
  HOSTED_ZONE_ID_FIX,
  hostedZoneIdOf,
  isAwsPartition,
  OIDC_PROVIDER_ARN,
  partitionOfRegion,
  ROLE_ARN,
  type AwsPartition,
} from "./route53-policy";

/** How cert-manager gets AWS credentials: exactly one. */
export const Route53CredentialMode = {
  irsa: "irsa",
  podIdentity: "podIdentity",
  assumeRole: "assumeRole",
  accessKey: "accessKey",
} as const;
export type Route53CredentialMode =
  (typeof Route53CredentialMode)[keyof typeof Route53CredentialMode];

/**
 * IAM Roles for Service Accounts. Without `serviceAccountRef` the role is for cert-manager's own
 * ServiceAccount (annotate it with `serviceAccountAnnotations`; ClusterIssuers only); with it,
 * cert-manager requests tokens for a dedicated ServiceAccount created here.
 * @see https://cert-manager.io/docs/configuration/acme/dns01/route53/#ambient-credentials
 */
export interface Route53IrsaCredentials {
  readonly mode: "irsa";
  /** The cluster's IAM OIDC provider ARN; the issuer for the trust conditions is read from it. */
  readonly oidcProviderArn: pulumi.Input<string>;
  /**
   * A dedicated ServiceAccount (created in the Secret namespace) named in the solver's
   * `auth.kubernetes.serviceAccountRef`, with the RBAC cert-manager needs to request its tokens.
   * @see https://cert-manager.io/docs/configuration/acme/dns01/route53/#referencing-your-own-serviceaccount-within-issuer-clusterissuer-config
   */
  readonly serviceAccountRef?: string;
}

/** EKS Pod Identity for cert-manager's ServiceAccount (ClusterIssuers only: ambient). */
export interface Route53PodIdentityCredentials {
  readonly mode: "podIdentity";
  /** The EKS cluster the association is made in. */
  readonly clusterName: pulumi.Input<string>;
}

/** A role (often in another account) the solver assumes with whatever credentials it has. */
export interface Route53AssumeRoleCredentials {
  readonly mode: "assumeRole";
  /** The role ARN; attach `policyDocument` to it in its account. Nothing is created here. */
  readonly roleArn: pulumi.Input<string>;
}

/** A dedicated IAM user with an access key, stored in a Secret cert-manager reads. */
export interface Route53AccessKeyCredentials {
  readonly mode: "accessKey";
  /** Name of the Secret (keys `access-key-id`, `secret-access-key`). @default "<name>-route53" */
  readonly secretName?: string;
}

export type Route53Credentials =
  | Route53IrsaCredentials
  | Route53PodIdentityCredentials
  | Route53AssumeRoleCredentials
  | Route53AccessKeyCredentials;

export interface Route53Dns01Args extends Dns01ScopeArgs {
  /**
   * DNS zones these credentials answer for (the issuer's `selector.dnsZones`). Plain: issuers
   * check their names against them at construction.
   * @see https://cert-manager.io/docs/configuration/acme/#dns-zones
   */
  readonly dnsZones: readonly string[];
  /**
   * Hosted zone ids (`Z...`) or ARNs the policy grants. With exactly one, the solver pins it as
   * `hostedZoneID` and no zone lookup is allowed; with several, `ListHostedZonesByName` is added.
   * @see https://cert-manager.io/docs/configuration/acme/dns01/route53/#set-up-an-iam-policy
   */
  readonly hostedZoneIds: readonly pulumi.Input<string>[];
  /**
   * Region the solver computes its credential scope from (Route53 is global; the region picks
   * the partition).
   * @see https://cert-manager.io/docs/reference/api-docs/#acme.cert-manager.io/v1.ACMEIssuerDNS01ProviderRoute53
   */
  readonly region: pulumi.Input<string>;
  /** Partition of the ARNs. @default the AWS provider's partition (`aws.getPartition`) */
  readonly partition?: AwsPartition;
  /** How cert-manager gets credentials. */
  readonly credentials: Route53Credentials;
}

const MODES: readonly string[] = Object.values(Route53CredentialMode);
/** The arguments that may be Outputs (zone ids one by one, not the list). */
const ROUTE53_INPUTS = [
  "hostedZoneIds[]",
  "region",
  "credentials.oidcProviderArn",
  "credentials.clusterName",
  "credentials.roleArn",
];

/** Checks what is known now; Outputs (zone ids, region, ARNs from other stacks) are checked by AWS. */
export function validateRoute53Dns01Args(args: Route53Dns01Args): void {
  const p = new Problems();
  const at = "Route53Dns01Args";
  outputProblems(p, at, args, ROUTE53_INPUTS, DNS01_PLAIN);
  p.throwIfAny();
  checkDns01Scope(p, at, args.dnsZones, args);
  const partition = args.partition;
  if (partition !== undefined && !isAwsPartition(partition)) {
    p.add(
      `${at}.partition`,
      `${show(partition)} is not an AWS partition`,
      'use "aws", "aws-cn" or "aws-us-gov", or omit it',
    );
  }
  const knownPartition =
    partition !== undefined && isAwsPartition(partition) ? partition : undefined;

  if (!args.hostedZoneIds || args.hostedZoneIds.length === 0) {
    p.add(
      `${at}.hostedZoneIds`,
      "no hosted zone given",
      "list the Route53 hosted zone ids (Z...) of dnsZones",
    );
  } else {
    const seen = new Set<string>();
    args.hostedZoneIds.forEach((zone, i) => {
      if (typeof zone !== "string") return;
      const arn = HOSTED_ZONE_ARN.exec(zone);
      if (!arn && !HOSTED_ZONE_ID.test(zone)) {
        p.add(
          `${at}.hostedZoneIds[${i}]`,
          `${show(zone)} is neither a hosted zone id nor a hosted zone ARN`,
          HOSTED_ZONE_ID_FIX,
        );
      } else if (arn && knownPartition && arn[1] !== knownPartition) {
        p.add(
          `${at}.hostedZoneIds[${i}]`,
          `${show(zone)} is in partition "${arn[1]}" but partition is "${knownPartition}"`,
          "use an ARN of the same partition, or give the bare zone id",
        );
      } else if (seen.has(hostedZoneIdOf(zone))) {
        p.add(
          `${at}.hostedZoneIds[${i}]`,
          `${show(zone)} is listed twice`,
          "list each hosted zone once",
        );
      }
      seen.add(hostedZoneIdOf(zone));
    });
  }

  if (args.region === undefined || args.region === "") {
    p.add(
      `${at}.region`,
      "no region given",
      'set the region cert-manager signs requests for, e.g. "us-east-1"',
    );
  } else if (typeof args.region === "string") {
    if (!AWS_REGION.test(args.region)) {
      p.add(
        `${at}.region`,
        `${show(args.region)} is not an AWS region`,
        'use a region name such as "eu-west-1"',
      );
    } else if (knownPartition && partitionOfRegion(args.region) !== knownPartition) {
      p.add(
        `${at}.region`,
        `${show(args.region)} is in partition "${partitionOfRegion(args.region)}" but partition is "${knownPartition}"`,
        "use a region of the same partition, or fix partition",
      );
    }
  }

  checkCredentials(p, `${at}.credentials`, args);
  p.throwIfAny();
}

function checkCredentials(p: Problems, at: string, args: Route53Dns01Args): void {
  const c = args.credentials;
  if (!c || !MODES.includes(c.mode)) {
    p.add(
      `${at}.mode`,
      `${show(c?.mode)} is not a credential mode`,
      `use one of ${MODES.map((m) => show(m)).join(", ")}`,
    );
    return;
  }
  const ambient =
    c.mode === "podIdentity" || (c.mode === "irsa" && c.serviceAccountRef === undefined);
  if (ambient && args.namespace !== undefined) {
    p.add(
      `${at}.mode`,
      `${show(c.mode)} gives cert-manager ambient credentials, which a namespaced Issuer does not use`,
      c.mode === "irsa"
        ? "omit namespace to serve a ClusterIssuer, or set credentials.serviceAccountRef"
        : 'omit namespace to serve a ClusterIssuer, or use mode "irsa" with serviceAccountRef',
    );
  }
  switch (c.mode) {
    case "irsa":
      if (
        c.oidcProviderArn === undefined ||
        (typeof c.oidcProviderArn === "string" && !OIDC_PROVIDER_ARN.test(c.oidcProviderArn))
      ) {
        p.add(
          `${at}.oidcProviderArn`,
          `${show(c.oidcProviderArn)} is not an IAM OIDC provider ARN`,
          'give the cluster\'s provider, e.g. "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE"',
        );
      }
      if (c.serviceAccountRef !== undefined && !isDns1123Subdomain(c.serviceAccountRef)) {
        p.add(
          `${at}.serviceAccountRef`,
          `${show(c.serviceAccountRef)} is not a valid ServiceAccount name`,
          "use lower-case letters, digits, '-' and '.'",
        );
      }
      break;
    case "podIdentity":
      if (
        c.clusterName === undefined ||
        (typeof c.clusterName === "string" && !EKS_CLUSTER_NAME.test(c.clusterName))
      ) {
        p.add(
          `${at}.clusterName`,
          `${show(c.clusterName)} is not an EKS cluster name`,
          "give the name of the cluster cert-manager runs in",
        );
      }
      break;
    case "assumeRole":
      if (c.roleArn === undefined || (typeof c.roleArn === "string" && !ROLE_ARN.test(c.roleArn))) {
        p.add(
          `${at}.roleArn`,
          `${show(c.roleArn)} is not an IAM role ARN`,
          'give the role to assume, e.g. "arn:aws:iam::210987654321:role/dns01"',
        );
      }
      break;
    case "accessKey":
      checkSecretName(p, `${at}.secretName`, c.secretName);
      break;
  }
}
