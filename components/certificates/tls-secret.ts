import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import {
  EXPIRY_WARNING_DAYS,
  checkTlsBundle,
  type CertificateInfo,
  type TlsBundleInput,
} from "./pem";
import { hasPulumiType } from "../lib/instance";

export interface TlsSecretArgs {
  /** PEM certificates, the leaf first, then each issuer in turn. @see https://kubernetes.io/docs/concepts/configuration/secret/#tls-secrets */
  readonly certificatePem: pulumi.Input<string>;
  /** PEM private key of the leaf (unencrypted); stored only as a secret. @see https://kubernetes.io/docs/concepts/configuration/secret/#tls-secrets */
  readonly privateKeyPem: pulumi.Input<string>;
  /** PEM CA certificate(s) that issued the top of the chain, stored as `ca.crt`. @default none */
  readonly caPem?: pulumi.Input<string>;
  /** Name of the Secret. @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/ */
  readonly secretName: pulumi.Input<string>;
  /** Namespace of the Secret. @see https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/ */
  readonly namespace: pulumi.Input<string>;
  /** Host names the leaf must cover (wildcards match one label). @default none */
  readonly requiredDnsNames?: pulumi.Input<pulumi.Input<string>[]>;
  /** Labels on the Secret. @default none */
  readonly labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

const P = "TlsSecretArgs";

function plain(value: unknown): value is string {
  return typeof value === "string";
}

/** The bundle to check, when every PEM value is a plain string at construction. */
function knownBundle(args: TlsSecretArgs): TlsBundleInput | undefined {
  const names = args.requiredDnsNames;
  const knownNames = names === undefined || (Array.isArray(names) && names.every(plain));
  if (!plain(args.certificatePem) || !plain(args.privateKeyPem) || !knownNames) return undefined;
  if (args.caPem !== undefined && !plain(args.caPem)) return undefined;
  return {
    certificatePem: args.certificatePem,
    privateKeyPem: args.privateKeyPem,
    ...(args.caPem !== undefined ? { caPem: args.caPem as string } : {}),
    ...(names !== undefined ? { requiredDnsNames: names as string[] } : {}),
  };
}

function failure(problems: readonly string[]): Error {
  return new Error(`invalid TlsSecret arguments:\n  ${problems.join("\n  ")}`);
}

/**
 * Checks the args whose values are known at construction: the PEM bundle (parse, chain order,
 * CA, validity, key match, required names). When any PEM value is an Output, the same checks
 * run inside `apply` in the component and fail the deployment with the same messages.
 */
export function validateTlsSecretArgs(args: TlsSecretArgs, now: Date = new Date()): void {
  const problems: string[] = [];
  for (const field of ["certificatePem", "privateKeyPem", "secretName", "namespace"] as const) {
    if (args[field] === undefined || args[field] === "") {
      problems.push(`${P}.${field}: missing; pass it`);
    }
  }
  const bundle = problems.length === 0 ? knownBundle(args) : undefined;
  if (bundle) problems.push(...checkTlsBundle(bundle, P, now).problems);
  if (problems.length > 0) throw failure(problems);
}

/**
 * A `kubernetes.io/tls` Secret from your own PEM certificate and key, checked before it is
 * written: the key matches the leaf, the chain is in order, nothing has expired.
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#tls-secrets
 */
export class TlsSecret extends pulumi.ComponentResource {
  /** The Pulumi type token of TlsSecret. */
  public static readonly __pulumiType = "tls-edge:certificates:TlsSecret";

  /** Whether `obj` is a TlsSecret, also one made by another loaded copy of tls-edge. */
  public static override isInstance(obj: unknown): obj is TlsSecret {
    return hasPulumiType(obj, TlsSecret.__pulumiType);
  }

  /** The Secret's name. */
  public readonly secretName: pulumi.Output<string>;
  /** Whole days until the leaf expires, counted at deployment. */
  public readonly daysLeft: pulumi.Output<number>;
  /** When the leaf expires (ISO 8601). */
  public readonly notAfter: pulumi.Output<string>;
  /** The leaf's subject, e.g. `CN=shop.example.com`. */
  public readonly subject: pulumi.Output<string>;
  /** The leaf's subjectAltName DNS names. */
  public readonly dnsNames: pulumi.Output<string[]>;

  constructor(name: string, args: TlsSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    // Before super(): invalid arguments register nothing, not even this component.
    validateTlsSecretArgs(args);
    super(TlsSecret.__pulumiType, name, {}, opts);

    const privateKeyPem = pulumi.secret(args.privateKeyPem);
    // The check reads the key, so its result is secret; it carries only facts about the leaf,
    // never key material, hence unsecret (re-joined with the certificate below, so the facts
    // stay secret when the caller made the certificate itself secret).
    const checked: pulumi.Output<CertificateInfo> = pulumi.unsecret(
      pulumi
        .all([args.certificatePem, privateKeyPem, args.caPem, args.requiredDnsNames])
        .apply(([certificatePem, key, caPem, requiredDnsNames]) => {
          const result = checkTlsBundle(
            {
              certificatePem,
              privateKeyPem: key,
              ...(caPem !== undefined ? { caPem } : {}),
              ...(requiredDnsNames !== undefined ? { requiredDnsNames } : {}),
            },
            P,
            new Date(),
          );
          if (result.problems.length > 0 || !result.info) throw failure(result.problems);
          if (result.info.daysLeft < EXPIRY_WARNING_DAYS) {
            void pulumi.log.warn(
              `certificate "${result.info.subject}" expires in ${result.info.daysLeft} days (${result.info.notAfter}); renew it and update certificatePem`,
              this,
            );
          }
          return result.info;
        }),
    );

    const info = pulumi.all([args.certificatePem, checked]).apply(([, facts]) => facts);

    // Written only once the check passed: the Secret's data depends on `info`.
    const stringData = pulumi.secret(
      pulumi
        .all([info, args.certificatePem, privateKeyPem, args.caPem])
        .apply(([, crt, key, ca]) => ({
          "tls.crt": crt,
          "tls.key": key,
          ...(ca !== undefined ? { "ca.crt": ca } : {}),
        })),
    );

    const secret = new k8s.core.v1.Secret(
      `${name}-secret`,
      {
        metadata: {
          name: args.secretName,
          namespace: args.namespace,
          ...(args.labels !== undefined ? { labels: args.labels } : {}),
        },
        type: "kubernetes.io/tls",
        stringData,
      },
      { parent: this },
    );

    this.secretName = secret.metadata.apply((m) => m.name as string);
    this.daysLeft = info.apply((i) => i.daysLeft);
    this.notAfter = info.apply((i) => i.notAfter);
    this.subject = info.apply((i) => i.subject);
    this.dnsNames = info.apply((i) => i.dnsNames);
    this.registerOutputs({
      secretName: this.secretName,
      daysLeft: this.daysLeft,
      notAfter: this.notAfter,
      subject: this.subject,
      dnsNames: this.dnsNames,
    });
  }
}
