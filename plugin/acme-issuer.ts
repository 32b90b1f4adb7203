/**
 * AcmeIssuer as other languages see it: its DNS-01 solvers named by resource name (Route53Dns01,
 * CloudflareDns01 or Rfc2136Dns01 of this package, in this program, created before: list them in
 * `dependsOn`), HTTP-01 as data, and its CertManager by resource name.
 */
import * as pulumi from "@pulumi/pulumi";
import * as lib from "../components/issuers";
import type {
  AcmeExternalAccountBindingArgs,
  AcmeHttp01Args,
  AcmeIssuerSettingsArgs,
  IssuerKind,
} from "../components/issuers";
import type { Dns01SolverProvider } from "../components/dns01";
import { withCertManager, type CertManagerRefArgs } from "./cert-manager";
import { dns01SolverNamed } from "./dns01-solvers";

/** Arguments of an ACME issuer. */
export interface AcmeIssuerArgs extends AcmeIssuerSettingsArgs, CertManagerRefArgs {
  /**
   * Names of the DNS-01 solvers (Route53Dns01, CloudflareDns01, Rfc2136Dns01 of this package,
   * created before this issuer: list them in `dependsOn`); each is selected by its zones.
   */
  readonly dns01?: string[];
  /** An HTTP-01 solver for names no DNS-01 solver's zones cover. */
  readonly http01?: AcmeHttp01Args;
}

const AT = "AcmeIssuerArgs";

/** The DNS-01 solvers `names` name, every unknown one named in one error. */
function dns01Solvers(names: string[]): Dns01SolverProvider[] {
  if (!Array.isArray(names) || names.some((n) => typeof n !== "string")) {
    throw new Error(
      `${AT}.dns01: is not a list of names; give the resource names of the DNS-01 solvers as ` +
        "plain strings, e.g. [route53]",
    );
  }
  const missing: string[] = [];
  const found: Dns01SolverProvider[] = [];
  names.forEach((name, i) => {
    try {
      found.push(dns01SolverNamed(`${AT}.dns01[${i}]`, name));
    } catch (e) {
      missing.push((e as Error).message);
    }
  });
  if (missing.length > 0) throw new Error(missing.join("\n"));
  return found;
}

/**
 * An object argument's fields. The engine hands a component an object argument as one Output when
 * any field is a secret or comes from another resource; the library takes the fields one by one.
 */
function fieldsOf<T extends object>(value: T | undefined, keys: (keyof T)[]): T | undefined {
  if (!pulumi.Output.isInstance(value)) return value;
  const whole = value as unknown as pulumi.Output<T>;
  return Object.fromEntries(keys.map((k) => [k, whole.apply((v) => v[k])])) as T;
}

/** The library's arguments: the solvers looked up, object arguments taken apart. */
export function acmeIssuerArgs(args: AcmeIssuerArgs): lib.AcmeIssuerArgs {
  const { dns01, http01, externalAccountBinding, ...settings } = withCertManager(AT, args);
  const eab = fieldsOf<AcmeExternalAccountBindingArgs>(externalAccountBinding, [
    "keyId",
    "hmacKey",
  ]);
  const http = fieldsOf<AcmeHttp01Args>(http01, ["ingressClassName"]);
  return {
    ...settings,
    ...(dns01 !== undefined ? { dns01: dns01Solvers(dns01) } : {}),
    ...(http ? { http01: http } : {}),
    ...(eab
      ? {
          externalAccountBinding: {
            // The key ID is written into the issuer's spec, which is no secret; the HMAC key
            // stays one (the engine marks the whole object secret when the HMAC key is).
            keyId: pulumi.Output.isInstance(externalAccountBinding)
              ? pulumi.unsecret(pulumi.output(eab.keyId))
              : eab.keyId,
            hmacKey: eab.hmacKey,
          },
        }
      : {}),
  };
}

/** A cert-manager ACME ClusterIssuer (or Issuer with `namespace`). */
export class AcmeIssuer extends pulumi.ComponentResource {
  /** Name of the issuer object. */
  public readonly issuerName: string;
  /** `ClusterIssuer` or `Issuer`. */
  public readonly issuerKind: IssuerKind;
  /** The ACME directory URL. */
  public readonly server: pulumi.Output<string>;
  /** Whether it can issue wildcard names (it has a DNS-01 solver). */
  public readonly supportsWildcards: boolean;
  /** Name of the staging twin of a production issuer, when there is one. */
  public readonly stagingIssuerName?: string;

  constructor(name: string, args: AcmeIssuerArgs, opts?: pulumi.ComponentResourceOptions) {
    const checked = acmeIssuerArgs(args);
    lib.validateAcmeIssuerArgs(checked);
    super("tls-edge:index:AcmeIssuer", name, {}, opts);
    const issuer = new lib.AcmeIssuer(name, checked, { parent: this });
    this.issuerName = issuer.issuerName;
    this.issuerKind = issuer.issuerKind;
    this.server = issuer.server;
    this.supportsWildcards = issuer.supportsWildcards;
    if (issuer.stagingTwin) this.stagingIssuerName = issuer.stagingTwin.issuerName;
    this.registerOutputs({
      issuerName: this.issuerName,
      issuerKind: this.issuerKind,
      server: this.server,
      supportsWildcards: this.supportsWildcards,
      stagingIssuerName: this.stagingIssuerName,
    });
  }
}
