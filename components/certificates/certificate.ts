import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { IssuerReference } from "../issuers/issuer-ref";
import { CERTIFICATE_CHECKED, validateCertificateArgs } from "./certificate-validation";
import {
  PrivateKeyAlgorithm,
  isIssuerComponent,
  type CertificateArgs,
  type KeyUsage,
  type PrivateKeyEncoding,
} from "./certificate-args";
import { formatGoDuration, parseGoDuration } from "../lib/durations";
import { checkedWhenKnown, isKnownDeep } from "../lib/inputs";
import { hasPulumiType } from "../lib/instance";

/** cert-manager's default lifetime: 90 days. */
export const DEFAULT_CERTIFICATE_DURATION = "2160h";
/** Renew with 30 days left, Let's Encrypt's own advice for 90-day certificates. */
export const DEFAULT_RENEW_BEFORE = "720h";
/** CertificateRequests kept per Certificate unless told otherwise. */
export const DEFAULT_REVISION_HISTORY_LIMIT = 3;

const DAY_MS = 86_400_000;

/**
 * The default renewal window for a lifetime: 30 days for certificates of 90 days or more (so at
 * least 30 days are always left), a third of the lifetime (cert-manager's rule) below that.
 */
export function defaultRenewBefore(duration: string): string | undefined {
  const ms = parseGoDuration(duration);
  if (ms === undefined) return undefined;
  return ms >= 90 * DAY_MS ? DEFAULT_RENEW_BEFORE : formatGoDuration(ms / 3);
}

/** The resolved values a Certificate spec is built from. */
export interface CertificateSpecValues {
  readonly dnsNames: string[];
  readonly secretName: string;
  readonly issuerRef: IssuerReference;
  readonly commonName?: string;
  readonly duration?: string;
  readonly renewBefore?: string;
  readonly renewBeforePercentage?: number;
  readonly privateKey?: {
    algorithm?: PrivateKeyAlgorithm;
    size?: number;
    encoding?: PrivateKeyEncoding;
  };
  readonly secretTemplate?: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  readonly usages?: KeyUsage[];
  readonly revisionHistoryLimit?: number;
}

/**
 * The `spec` of a cert-manager Certificate, defaults applied.
 * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificateSpec
 */
export function certificateSpec(v: CertificateSpecValues): Record<string, unknown> {
  const duration = v.duration ?? DEFAULT_CERTIFICATE_DURATION;
  const algorithm = v.privateKey?.algorithm ?? PrivateKeyAlgorithm.ECDSA;
  const size =
    algorithm === PrivateKeyAlgorithm.Ed25519
      ? undefined
      : (v.privateKey?.size ?? (algorithm === PrivateKeyAlgorithm.RSA ? 2048 : 256));
  const renewal =
    v.renewBeforePercentage !== undefined
      ? { renewBeforePercentage: v.renewBeforePercentage }
      : { renewBefore: v.renewBefore ?? defaultRenewBefore(duration) };
  const template = v.secretTemplate
    ? {
        ...(v.secretTemplate.labels ? { labels: v.secretTemplate.labels } : {}),
        ...(v.secretTemplate.annotations ? { annotations: v.secretTemplate.annotations } : {}),
      }
    : undefined;
  return {
    secretName: v.secretName,
    issuerRef: {
      name: v.issuerRef.name,
      kind: v.issuerRef.kind,
      group: v.issuerRef.group ?? "cert-manager.io",
    },
    dnsNames: v.dnsNames,
    ...(v.commonName !== undefined ? { commonName: v.commonName } : {}),
    duration,
    ...renewal,
    privateKey: {
      algorithm,
      ...(size !== undefined ? { size } : {}),
      ...(v.privateKey?.encoding ? { encoding: v.privateKey.encoding } : {}),
      rotationPolicy: "Always",
    },
    ...(template && Object.keys(template).length > 0 ? { secretTemplate: template } : {}),
    ...(v.usages ? { usages: v.usages } : {}),
    revisionHistoryLimit: v.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY_LIMIT,
  };
}

/**
 * A cert-manager Certificate: the names, the issuer, the lifetime and renewal window, and a key
 * regenerated at each renewal. cert-manager writes the result to `secretName`.
 * @see https://cert-manager.io/docs/usage/certificate/
 */
export class Certificate extends pulumi.ComponentResource {
  /** The Pulumi type token of Certificate. */
  public static readonly __pulumiType = "tls-edge:certificates:Certificate";

  /** Whether `obj` is a Certificate, also one made by another loaded copy of tls-edge. */
  public static override isInstance(obj: unknown): obj is Certificate {
    return hasPulumiType(obj, Certificate.__pulumiType);
  }

  /** The cert-manager Certificate object. */
  public readonly certificate: k8s.apiextensions.CustomResource;
  readonly #args: CertificateArgs;
  #secretName?: pulumi.Output<string>;
  #dnsNames?: pulumi.Output<string[]>;
  #certificateName?: pulumi.Output<string>;

  // The outputs are made on first use: most programs read none of them, and a stack of
  // hundreds of hosts would otherwise carry three Output chains per Certificate.
  /** The Secret cert-manager writes (`tls.crt`, `tls.key`, `ca.crt`). */
  public get secretName(): pulumi.Output<string> {
    return (this.#secretName ??= pulumi.output(this.#args.secretName));
  }
  /** The names requested. */
  public get dnsNames(): pulumi.Output<string[]> {
    return (this.#dnsNames ??= pulumi.output(this.#args.dnsNames));
  }
  /** The Certificate object's name, once the object exists. */
  public get certificateName(): pulumi.Output<string> {
    return (this.#certificateName ??= this.certificate.metadata.apply((m) => m.name as string));
  }

  constructor(name: string, args: CertificateArgs, opts?: pulumi.ComponentResourceOptions) {
    // Before super(): invalid arguments register nothing, not even this component.
    validateCertificateArgs(args);
    super(Certificate.__pulumiType, name, {}, opts);
    // Values given as Outputs: the same checks once known, before the spec takes them.
    args = checkedWhenKnown(args, CERTIFICATE_CHECKED, validateCertificateArgs);

    const issuer = args.issuer;
    const values = {
      dnsNames: args.dnsNames,
      secretName: args.secretName,
      // An issuer component's name and kind are known at construction; dependsOn orders it.
      issuerRef: isIssuerComponent(issuer)
        ? { name: issuer.issuerName, kind: issuer.issuerKind }
        : issuer,
      commonName: args.commonName,
      duration: args.duration,
      renewBefore: args.renewBefore,
      renewBeforePercentage: args.renewBeforePercentage,
      privateKey: args.privateKey,
      secretTemplate: args.secretTemplate,
      usages: args.usages,
      revisionHistoryLimit: args.revisionHistoryLimit,
    };
    // Plain arguments (the usual case) make a plain spec: no Output chain per Certificate.
    const spec = isKnownDeep<CertificateSpecValues>(values)
      ? certificateSpec(values)
      : pulumi.output(values).apply((v) => certificateSpec(v as CertificateSpecValues));

    this.#args = args;
    this.certificate = new k8s.apiextensions.CustomResource(
      `${name}-certificate`,
      {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: { name: args.certificateName ?? args.secretName, namespace: args.namespace },
        spec,
      },
      {
        parent: this,
        dependsOn: isIssuerComponent(issuer) ? [issuer.issuerResource] : [],
      },
    );

    // The engine records plain arguments as they are; only Outputs need awaiting.
    const objectName = args.certificateName ?? args.secretName;
    this.registerOutputs({
      secretName: args.secretName,
      dnsNames: args.dnsNames,
      certificateName: typeof objectName === "string" ? objectName : this.certificateName,
    });
  }
}
