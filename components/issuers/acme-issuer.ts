/**
 * An ACME issuer (Let's Encrypt or any RFC 8555 CA) with DNS-01 and HTTP-01 solvers, external
 * account binding, and a Let's Encrypt staging twin for rehearsing production changes.
 */
import * as pulumi from "@pulumi/pulumi";
import { ACME_DIRECTORIES } from "../known";
import { checkedWhenKnown, isKnown, outputProblems } from "../lib/inputs";
import { sameAcmeDirectory } from "../lib/acme-url";
import {
  checkSolvers,
  solverDependencies,
  solverList,
  type AcmeHttp01Args,
  type AcmeSolversArgs,
} from "./acme-solvers";
import { IssuerComponent } from "./issuer-component";
import type { IssuerKind, IssuerReference } from "./issuer-ref";
import { isHttpsUrl, show } from "./problems";
import { isRawUrlBase64, isStdBase64 } from "../lib/base64";
import { isDns1123Subdomain } from "../lib/names";
import { Problems } from "../lib/problems";
import {
  checkScope,
  credentialsSecret,
  ISSUER_PLAIN,
  type IssuerPlacementArgs,
  type IssuerScopeArgs,
} from "./scope";
import { hasPulumiType } from "../lib/instance";

export type { AcmeHttp01Args };

/** Let's Encrypt's two environments. */
export const LetsEncryptEnvironment = { staging: "staging", production: "production" } as const;
export type LetsEncryptEnvironment =
  (typeof LetsEncryptEnvironment)[keyof typeof LetsEncryptEnvironment];

const LETS_ENCRYPT: Record<LetsEncryptEnvironment, string> = {
  staging: ACME_DIRECTORIES.letsencryptStaging,
  production: ACME_DIRECTORIES.letsencryptProduction,
};

/** CAs that refuse new accounts without external account binding. */
const EAB_REQUIRED = new Set<string>([
  ACME_DIRECTORIES.zerosslProduction,
  ACME_DIRECTORIES.googleProduction,
  ACME_DIRECTORIES.googleStaging,
]);

/**
 * External account binding: the key ID and HMAC key a CA (ZeroSSL, Google) issues per account.
 * @see https://cert-manager.io/docs/configuration/acme/#external-account-bindings
 */
export interface AcmeExternalAccountBindingArgs {
  /** The key ID (`externalAccountBinding.keyID`). */
  readonly keyId: pulumi.Input<string>;
  /** The HMAC key, unpadded base64url as the CA gives it; stored in a Secret as a Pulumi secret. */
  readonly hmacKey: pulumi.Input<string>;
}

export interface AcmeIssuerArgs extends IssuerScopeArgs, AcmeSolversArgs, AcmeIssuerSettingsArgs {}

/**
 * All but `certManager` and the solvers (DNS-01 solvers are objects): what other languages pass
 * too (the plugin package).
 */
export interface AcmeIssuerSettingsArgs extends IssuerPlacementArgs {
  /**
   * Let's Encrypt environment; exactly one of `environment` and `server`.
   * @see https://letsencrypt.org/docs/staging-environment/
   */
  readonly environment?: LetsEncryptEnvironment;
  /**
   * ACME directory URL of another CA (ZeroSSL, Google, Pebble); exactly one of `environment`
   * and `server`.
   * @see https://cert-manager.io/docs/configuration/acme/#creating-a-basic-acme-issuer
   */
  readonly server?: pulumi.Input<string>;
  /** Account contact e-mail (Let's Encrypt no longer sends expiry mail). @default none */
  readonly email?: pulumi.Input<string>;
  /** Secret for the ACME account key (`privateKeySecretRef`). @default "<issuerName>-account-key" */
  readonly privateKeySecretName?: string;
  /** External account binding, for CAs that require one. */
  readonly externalAccountBinding?: AcmeExternalAccountBindingArgs;
  /**
   * ACME certificate profile (cert-manager 1.18+), e.g. "tlsserver" or "shortlived".
   * @see https://cert-manager.io/docs/configuration/acme/#acme-certificate-profiles
   */
  readonly profile?: pulumi.Input<string>;
  /**
   * For `environment: "production"`: also create `<issuerName>-staging` on Let's Encrypt
   * staging with the same solvers and its own account key.
   * @default true for production
   */
  readonly stagingTwin?: boolean;
  /**
   * With `server`: the CA's staging directory. Creates the staging twin `<issuerName>-staging`
   * there, with the same solvers, CA bundle and its own account key.
   * @default no twin
   */
  readonly stagingServer?: pulumi.Input<string>;
  /**
   * CAs that sign the ACME server's TLS certificate (`spec.acme.caBundle`), base64 of the PEM
   * bundle as Kubernetes `caBundle` fields take it; for a private CA such as Pebble or step-ca.
   * Without it cert-manager trusts the system roots of its container.
   * @default the system roots
   * @see https://cert-manager.io/docs/configuration/acme/#private-acme-servers
   */
  readonly caBundle?: pulumi.Input<string>;
}

const ARGS = "AcmeIssuerArgs";
/** The arguments that may be Outputs; `dns01` providers carry their solver as an Output. */
const ACME_INPUTS = [
  "dns01",
  "server",
  "stagingServer",
  "caBundle",
  "email",
  "profile",
  "externalAccountBinding.keyId",
  "externalAccountBinding.hmacKey",
  "http01.ingressClassName",
];
/** Of those, the ones validation reads: checked again once known. */
const ACME_CHECKED = [
  "server",
  "stagingServer",
  "caBundle",
  "email",
  "externalAccountBinding.hmacKey",
  "http01.ingressClassName",
];

/**
 * Checks every known value; server, email, the HMAC key and the HTTP-01 class given as Outputs
 * are checked with the same messages once known, by the component. Outputs elsewhere are refused.
 */
export function validateAcmeIssuerArgs(args: AcmeIssuerArgs): void {
  const p = new Problems();
  outputProblems(p, ARGS, args, ACME_INPUTS, ISSUER_PLAIN);
  p.throwIfAny();
  checkScope(p, ARGS, args);
  const server = args.server;
  if (args.environment !== undefined && server !== undefined) {
    p.add(
      `${ARGS}.server`,
      "is set together with environment",
      "set environment for Let's Encrypt or server for another CA, not both",
    );
  } else if (args.environment === undefined && server === undefined) {
    p.add(
      `${ARGS}.environment`,
      "neither environment nor server is set",
      'set environment to "staging" or "production" for Let\'s Encrypt, or server to a directory URL',
    );
  }
  if (
    args.environment !== undefined &&
    !Object.values(LetsEncryptEnvironment).includes(args.environment)
  ) {
    p.add(
      `${ARGS}.environment`,
      `${show(args.environment)} is not a Let's Encrypt environment`,
      'use "staging" or "production"',
    );
  }
  if (isKnown(server) && !isHttpsUrl(server)) {
    p.add(
      `${ARGS}.server`,
      `${show(server)} is not an https URL`,
      "give the CA's ACME directory URL",
    );
  }
  const email = args.email;
  if (isKnown(email) && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    p.add(
      `${ARGS}.email`,
      `${show(email)} is not an e-mail address`,
      "give an address or omit email",
    );
  }
  if (args.privateKeySecretName !== undefined && !isDns1123Subdomain(args.privateKeySecretName)) {
    p.add(
      `${ARGS}.privateKeySecretName`,
      `${show(args.privateKeySecretName)} is not a valid Secret name`,
      "use lower-case letters, digits, '-' and '.'",
    );
  }
  const eab = args.externalAccountBinding;
  if (eab && args.environment !== undefined) {
    p.add(
      `${ARGS}.externalAccountBinding`,
      "Let's Encrypt does not use external account binding",
      "remove it, or set server to the directory of the CA that issued the key",
    );
  }
  if (
    !eab &&
    isKnown(server) &&
    typeof server === "string" &&
    [...EAB_REQUIRED].some((d) => sameAcmeDirectory(d, server))
  ) {
    p.add(
      `${ARGS}.externalAccountBinding`,
      `${show(server)} requires external account binding`,
      "add externalAccountBinding with the key ID and HMAC key from the CA's console",
    );
  }
  const hmac = eab?.hmacKey;
  if (isKnown(hmac) && !isRawUrlBase64(hmac)) {
    p.add(
      `${ARGS}.externalAccountBinding.hmacKey`,
      "is not unpadded base64url",
      "paste the HMAC key exactly as the CA shows it (letters, digits, '-' and '_', no '=')",
    );
  }
  const staging = args.stagingServer;
  if (
    args.stagingTwin === true &&
    args.environment !== LetsEncryptEnvironment.production &&
    staging === undefined
  ) {
    p.add(
      `${ARGS}.stagingTwin`,
      "only a Let's Encrypt production issuer or one with stagingServer has a staging twin",
      'set environment to "production", give stagingServer, or remove stagingTwin',
    );
  }
  if (staging !== undefined) {
    if (args.environment !== undefined) {
      p.add(
        `${ARGS}.stagingServer`,
        "is set together with environment",
        "drop it: a Let's Encrypt production issuer gets its staging twin by itself",
      );
    } else if (args.stagingTwin === false) {
      p.add(
        `${ARGS}.stagingServer`,
        "is set while stagingTwin is false",
        "drop stagingServer or stagingTwin: false",
      );
    }
    if (isKnown(staging) && !isHttpsUrl(staging)) {
      p.add(
        `${ARGS}.stagingServer`,
        `${show(staging)} is not an https URL`,
        "give the CA's staging ACME directory URL",
      );
    } else if (
      typeof staging === "string" &&
      typeof server === "string" &&
      sameAcmeDirectory(staging, server)
    ) {
      p.add(
        `${ARGS}.stagingServer`,
        `${show(staging)} is the issuer's own directory`,
        "give the CA's staging directory, or drop stagingServer",
      );
    }
  }
  const ca = args.caBundle;
  if (isKnown(ca) && !isPemBundle(ca)) {
    p.add(
      `${ARGS}.caBundle`,
      "is not base64 of PEM certificates",
      "give the CA certificates as base64 of their PEM text (base64 -w0 ca.pem)",
    );
  }
  checkSolvers(p, ARGS, args);
  p.throwIfAny();
}

/** Whether a `caBundle` is base64 of a PEM text holding at least one certificate. */
function isPemBundle(value: string): boolean {
  if (!isStdBase64(value)) return false;
  return Buffer.from(value, "base64").toString("utf8").includes("-----BEGIN CERTIFICATE-----");
}

/** What a stack needs to know about the staging twin. */
export interface AcmeStagingTwin {
  readonly issuerName: string;
  readonly issuerKind: IssuerKind;
  readonly issuerRef: pulumi.Output<IssuerReference>;
}

/** A cert-manager ACME `ClusterIssuer` (or `Issuer` with `namespace`). */
export class AcmeIssuer extends IssuerComponent {
  /** The Pulumi type token of AcmeIssuer. */
  public static readonly __pulumiType = "tls-edge:issuers:AcmeIssuer";

  /** Whether `obj` is an AcmeIssuer, also one made by another loaded copy of tls-edge. */
  public static override isInstance(obj: unknown): obj is AcmeIssuer {
    return hasPulumiType(obj, AcmeIssuer.__pulumiType);
  }

  public readonly supportsWildcards: boolean;
  /** The ACME directory URL. */
  public readonly server: pulumi.Output<string>;
  /** The Let's Encrypt staging twin of a production issuer. */
  public readonly stagingTwin?: AcmeStagingTwin;

  constructor(name: string, args: AcmeIssuerArgs, opts?: pulumi.ComponentResourceOptions) {
    validateAcmeIssuerArgs(args);
    super(AcmeIssuer.__pulumiType, name, args, opts);
    // Values given as Outputs: the same checks once known, before the issuer takes them.
    args = checkedWhenKnown(args, ACME_CHECKED, validateAcmeIssuerArgs);
    const scope = this.scope;
    this.supportsWildcards = (args.dns01 ?? []).length > 0;
    this.server = pulumi.output(args.environment ? LETS_ENCRYPT[args.environment] : args.server!);

    const dependsOn = [...scope.dependsOn, ...solverDependencies(args)];
    let eab: Record<string, unknown> | undefined;
    if (args.externalAccountBinding) {
      const secretName = `${scope.issuerName}-eab`;
      const secret = credentialsSecret(
        this,
        `${name}-eab`,
        secretName,
        scope.secretNamespace,
        { secret: args.externalAccountBinding.hmacKey },
        scope.dependsOn,
      );
      dependsOn.push(secret);
      eab = {
        keyID: args.externalAccountBinding.keyId,
        keySecretRef: { name: secretName, key: "secret" },
      };
    }

    const acme = {
      server: this.server,
      ...(args.email !== undefined ? { email: args.email } : {}),
      privateKeySecretRef: {
        name: args.privateKeySecretName ?? `${scope.issuerName}-account-key`,
      },
      ...(eab ? { externalAccountBinding: eab } : {}),
      ...(args.profile !== undefined ? { profile: args.profile } : {}),
      ...(args.caBundle !== undefined ? { caBundle: args.caBundle } : {}),
      solvers: solverList(args),
    };
    this.createIssuer({ acme }, dependsOn);

    const letsEncryptTwin =
      args.environment === LetsEncryptEnvironment.production && args.stagingTwin !== false;
    if (letsEncryptTwin || args.stagingServer !== undefined) {
      const { stagingServer, ...rest } = args;
      const twin = new AcmeIssuer(
        `${name}-staging`,
        {
          ...rest,
          ...(letsEncryptTwin
            ? { environment: LetsEncryptEnvironment.staging }
            : { server: stagingServer! }),
          issuerName: `${scope.issuerName}-staging`,
          privateKeySecretName: args.privateKeySecretName
            ? `${args.privateKeySecretName}-staging`
            : undefined,
          stagingTwin: false,
        },
        { parent: this },
      );
      this.stagingTwin = {
        issuerName: twin.issuerName,
        issuerKind: twin.issuerKind,
        issuerRef: twin.issuerRef,
      };
    }

    this.registerOutputs({
      ...this.issuerOutputs(),
      server: this.server,
      stagingTwin: this.stagingTwin,
    });
  }
}
