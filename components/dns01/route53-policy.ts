/**
 * The IAM documents `Route53Dns01` creates, as pure functions: the least-privilege Route53
 * policy cert-manager documents, and the trust policies for IRSA and EKS Pod Identity. Exported
 * so other code (the policy pack, docs) can show or check exactly what is granted.
 * @see https://cert-manager.io/docs/configuration/acme/dns01/route53/
 */
import { ROUTE53_DNS01_CHANGES } from "../known";

/** The AWS partitions tls-edge knows. */
export const AwsPartition = { aws: "aws", awsCn: "aws-cn", awsUsGov: "aws-us-gov" } as const;
export type AwsPartition = (typeof AwsPartition)[keyof typeof AwsPartition];

const PARTITIONS: readonly string[] = Object.values(AwsPartition);

/** True for a partition tls-edge knows. */
export function isAwsPartition(value: string): value is AwsPartition {
  return PARTITIONS.includes(value);
}

/** A Route53 hosted zone id, e.g. `Z0123456789ABCDEFGHIJ`. */
export const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;
/** A hosted zone ARN; Route53 ARNs carry no region and no account. */
export const HOSTED_ZONE_ARN =
  /^arn:(aws|aws-cn|aws-us-gov):route53:::hostedzone\/(Z[A-Z0-9]{1,31})$/;
/** What to do about a value that is neither. */
export const HOSTED_ZONE_ID_FIX =
  'give the id as Route53 shows it (e.g. "Z0123456789ABCDEFGHIJ") or "arn:aws:route53:::hostedzone/<id>"';
/** An AWS region name, e.g. `eu-west-1`, `cn-north-1`, `us-gov-west-1`. */
export const AWS_REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
/** An IAM OIDC provider ARN; the part after `oidc-provider/` is the issuer without `https://`. */
export const OIDC_PROVIDER_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:oidc-provider\/(.+)$/;
/** An IAM role ARN (paths allowed). */
export const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:role\/[\w+=,.@\-/]{1,512}$/;
/** An EKS cluster name. */
export const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;

/** The partition a region belongs to. */
export function partitionOfRegion(region: string): AwsPartition {
  if (region.startsWith("cn-")) return AwsPartition.awsCn;
  if (region.startsWith("us-gov-")) return AwsPartition.awsUsGov;
  return AwsPartition.aws;
}

/** The hosted zone id out of an id or an ARN (the solver's `hostedZoneID` takes the id). */
export function hostedZoneIdOf(idOrArn: string): string {
  return HOSTED_ZONE_ARN.exec(idOrArn)?.[2] ?? idOrArn;
}

/** The IAM condition key prefix for an OIDC provider ARN (the issuer URL without `https://`). */
export function oidcIssuerOf(oidcProviderArn: string): string {
  const match = OIDC_PROVIDER_ARN.exec(oidcProviderArn);
  if (!match) throw new Error(`not an IAM OIDC provider ARN: ${oidcProviderArn}`);
  return match[2]!;
}

/**
 * The conditions that limit `route53:ChangeResourceRecordSets` to what a DNS-01 solver does
 * (`ROUTE53_DNS01_CHANGES`): TXT records (cert-manager's documented policy) named
 * `_acme-challenge.*` (Route53 matches the normalized name: lower case, no trailing dot),
 * changed by UPSERT and DELETE only. With `ForAllValues`, a request that carries none of these
 * keys (`ListResourceRecordSets`) is not restricted by them.
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/specifying-rrset-conditions.html
 */
export const ROUTE53_DNS01_CONDITION = {
  "ForAllValues:StringEquals": {
    "route53:ChangeResourceRecordSetsRecordTypes": [...ROUTE53_DNS01_CHANGES.recordTypes],
    "route53:ChangeResourceRecordSetsActions": [...ROUTE53_DNS01_CHANGES.actions],
  },
  "ForAllValues:StringLike": {
    "route53:ChangeResourceRecordSetsNormalizedRecordNames": [
      `${ROUTE53_DNS01_CHANGES.recordNamePrefix}*`,
    ],
  },
};

/**
 * cert-manager's least-privilege Route53 policy: `GetChange` on changes; changes and listings
 * limited to the given zones, and changes to UPSERT and DELETE of `_acme-challenge` TXT records;
 * `ListHostedZonesByName` only when the solver must look zones up (no `hostedZoneID` on it).
 */
export function route53PolicyDocument(
  partition: string,
  hostedZoneIds: readonly string[],
  zoneLookup: boolean,
): string {
  const statements: Record<string, unknown>[] = [
    {
      Effect: "Allow",
      Action: "route53:GetChange",
      Resource: `arn:${partition}:route53:::change/*`,
    },
    {
      Effect: "Allow",
      Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"],
      Resource: hostedZoneIds.map((id) => `arn:${partition}:route53:::hostedzone/${id}`),
      Condition: ROUTE53_DNS01_CONDITION,
    },
  ];
  if (zoneLookup) {
    statements.push({ Effect: "Allow", Action: "route53:ListHostedZonesByName", Resource: "*" });
  }
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/**
 * IRSA trust: web identity from the cluster's OIDC provider, for one ServiceAccount only, with
 * the audience the EKS webhook and cert-manager both request (`sts.amazonaws.com`).
 * @see https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 */
export function irsaTrustPolicy(
  oidcProviderArn: string,
  namespace: string,
  serviceAccount: string,
): string {
  const issuer = oidcIssuerOf(oidcProviderArn);
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
            [`${issuer}:aud`]: "sts.amazonaws.com",
          },
        },
      },
    ],
  });
}

/**
 * EKS Pod Identity trust: the Pod Identity agent's service principal, which needs both
 * `sts:AssumeRole` and `sts:TagSession`.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 */
export function podIdentityTrustPolicy(): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "pods.eks.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession"],
      },
    ],
  });
}
