/**
 * RFC 2136 dynamic updates signed with TSIG for cert-manager's DNS-01 solver: the zone's own
 * authoritative server (BIND, Knot, PowerDNS, Windows DNS) writes the challenge TXT records.
 * The usual choice for on-premises zones. The TSIG secret goes into a Secret the issuer reads.
 */
import { isIPv4, isIPv6 } from "node:net";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { show } from "../issuers/problems";
import { isStdBase64 } from "../lib/base64";
import { isDnsName } from "../lib/hosts";
import { checkedWhenKnown, isKnown, outputProblems } from "../lib/inputs";
import { Problems } from "../lib/problems";
import {
  checkDns01Scope,
  checkSecretName,
  DNS01_PLAIN,
  resolveDns01Scope,
  type Dns01PlacementArgs,
  type Dns01ScopeArgs,
} from "./scope";
import type { AcmeDns01Solver, Dns01SolverProvider } from "./solver";
import { hasPulumiType } from "../lib/instance";

/**
 * The TSIG algorithms cert-manager v1.21.1 accepts (case-insensitive there), from
 * `supportedAlgorithms` in pkg/issuer/acme/dns/rfc2136/rfc2136.go and `supportedTSIGAlgorithms`
 * in internal/apis/certmanager/validation/issuer.go.
 */
export const TsigAlgorithm = {
  HMACMD5: "HMACMD5",
  HMACSHA1: "HMACSHA1",
  HMACSHA256: "HMACSHA256",
  HMACSHA512: "HMACSHA512",
} as const;
export type TsigAlgorithm = (typeof TsigAlgorithm)[keyof typeof TsigAlgorithm];

/**
 * cert-manager's algorithm when `tsigAlgorithm` is empty: `dns.HmacMD5` in
 * `NewDNSProviderCredentials` (pkg/issuer/acme/dns/rfc2136/rfc2136.go).
 */
export const DEFAULT_TSIG_ALGORITHM: TsigAlgorithm = TsigAlgorithm.HMACMD5;

/**
 * Transport of the updates (`RFC2136UpdateProtocol` in pkg/apis/acme/v1/types_issuer.go, a
 * case-sensitive enum in the CRD; cert-manager uses UDP when it is empty).
 */
export const Rfc2136Protocol = { TCP: "TCP", UDP: "UDP" } as const;
export type Rfc2136Protocol = (typeof Rfc2136Protocol)[keyof typeof Rfc2136Protocol];

/** The key of the TSIG secret in the credentials Secret (cert-manager's docs use this name). */
export const TSIG_SECRET_KEY = "tsig-secret-key";

export interface Rfc2136Dns01Args extends Dns01ScopeArgs, Rfc2136Dns01SettingsArgs {
  /**
   * DNS zones the server is primary for (the issuer's `selector.dnsZones`). Plain: issuers
   * check their names against them at construction.
   * @see https://cert-manager.io/docs/configuration/acme/#dns-zones
   */
  readonly dnsZones: readonly string[];
}

/** All but the zones and `certManager`: what other languages pass as they are (the plugin package). */
export interface Rfc2136Dns01SettingsArgs extends Dns01PlacementArgs {
  /**
   * The authoritative server taking the updates: `host:port`, `IP:port` or `[IPv6]:port`; the
   * port may be left out.
   * @default port 53
   * @see https://cert-manager.io/docs/configuration/acme/dns01/rfc2136/
   */
  readonly nameserver: pulumi.Input<string>;
  /** Name of the TSIG key as the server knows it (`key "<name>" { ... }` in BIND). */
  readonly tsigKeyName: pulumi.Input<string>;
  /**
   * The key's HMAC algorithm; must match the server's key.
   * @default "HMACMD5" (cert-manager's default; prefer "HMACSHA256" or "HMACSHA512")
   */
  readonly tsigAlgorithm?: TsigAlgorithm;
  /**
   * The key's secret, base64 as `tsig-keygen` prints it. Kept a Pulumi secret; stored in the
   * Secret cert-manager reads (key `tsig-secret-key`).
   */
  readonly tsigSecret: pulumi.Input<string>;
  /** Transport of the updates. @default "UDP" (cert-manager's default) */
  readonly protocol?: Rfc2136Protocol;
  /** Name of the Secret holding the TSIG secret. @default "<name>-tsig" */
  readonly secretName?: string;
}

const ARGS = "Rfc2136Dns01Args";
/** The arguments that may be Outputs; all three are checked again once known. */
const RFC2136_INPUTS = ["nameserver", "tsigKeyName", "tsigSecret"];

/**
 * Why a nameserver is refused, or undefined when cert-manager's `ValidNameserver`
 * (internal/apis/certmanager/validation/util/nameserver.go) and a DNS client both take it.
 * Stricter than cert-manager on what it would take and then fail to reach: an empty port, a
 * port out of range, or a host that is neither an IP address nor a host name.
 */
export function nameserverProblem(value: string): string | undefined {
  if (value.includes("/")) return "is a URL or path, not an address";
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(value);
  let host: string;
  let port: string | undefined;
  if (bracketed) {
    host = bracketed[1]!;
    port = bracketed[2];
    if (!isIPv6(host)) return "has brackets around something that is not an IPv6 address";
  } else if (value.split(":").length > 2) {
    return "is an IPv6 address without brackets";
  } else {
    [host, port] = value.split(":") as [string, string | undefined];
    if (host === "") return "has no host";
    if (!isIPv4(host) && (/^[0-9.]+$/.test(host) || !isDnsName(host))) {
      return "has a host that is neither an IP address nor a host name";
    }
  }
  if (port !== undefined && !(/^[0-9]{1,5}$/.test(port) && +port >= 1 && +port <= 65535)) {
    return "has a port that is not a number from 1 to 65535";
  }
  return undefined;
}

/**
 * Checks everything known now; the nameserver, key name and secret given as Outputs are
 * checked with the same messages once known. The secret is never shown in a message.
 */
export function validateRfc2136Dns01Args(args: Rfc2136Dns01Args): void {
  const p = new Problems();
  outputProblems(p, ARGS, args, RFC2136_INPUTS, DNS01_PLAIN);
  p.throwIfAny();
  checkDns01Scope(p, ARGS, args.dnsZones, args);
  checkSecretName(p, `${ARGS}.secretName`, args.secretName);
  const ns = args.nameserver;
  if (ns === undefined || (isKnown(ns) && (typeof ns !== "string" || ns.trim() === ""))) {
    p.add(
      `${ARGS}.nameserver`,
      "no nameserver given",
      'give the primary server of the zones as host:port, e.g. "192.0.2.53:53" or "[2001:db8::53]:53"',
    );
  } else if (typeof ns === "string") {
    const why = nameserverProblem(ns);
    if (why) {
      p.add(
        `${ARGS}.nameserver`,
        `${show(ns)} ${why}`,
        'give host:port, IP:port or [IPv6]:port, e.g. "192.0.2.53:53" or "[2001:db8::53]:53"',
      );
    }
  }
  const keyName = args.tsigKeyName;
  // TSIG key names are domain names; BIND's `tsig-keygen` also allows '_'.
  const badKeyName = typeof keyName === "string" && !isDnsName(keyName, { underscores: true });
  if (keyName === undefined || badKeyName) {
    p.add(
      `${ARGS}.tsigKeyName`,
      keyName === undefined ? "no TSIG key name given" : `${show(keyName)} is not a TSIG key name`,
      'give the key\'s name as the server knows it (key "<name>" in BIND), e.g. "acme-update"',
    );
  }
  const algorithm = args.tsigAlgorithm;
  if (algorithm !== undefined && !Object.values<string>(TsigAlgorithm).includes(algorithm)) {
    const spelled = String(algorithm)
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, "");
    const fix = Object.values<string>(TsigAlgorithm).includes(spelled)
      ? `write it as cert-manager does: "${spelled}"`
      : `use one cert-manager accepts: ${Object.values(TsigAlgorithm).join(", ")}`;
    p.add(`${ARGS}.tsigAlgorithm`, `${show(algorithm)} is not a TSIG algorithm name`, fix);
  }
  const secret = args.tsigSecret;
  if (secret === undefined || secret === "") {
    p.add(
      `${ARGS}.tsigSecret`,
      "no TSIG secret given",
      "give the key's secret, base64 as tsig-keygen prints it",
    );
  } else if (typeof secret === "string" && !isStdBase64(secret)) {
    p.add(
      `${ARGS}.tsigSecret`,
      "is not base64 (the value is not shown)",
      'give the key\'s secret exactly as tsig-keygen prints it (secret "..."), padding included',
    );
  }
  if (
    args.protocol !== undefined &&
    !Object.values<string>(Rfc2136Protocol).includes(args.protocol)
  ) {
    p.add(`${ARGS}.protocol`, `${show(args.protocol)} is not a protocol`, 'use "TCP" or "UDP"');
  }
  p.throwIfAny();
}

/** The RFC 2136 `dns01` solver with its TSIG Secret, as a `Dns01SolverProvider`. */
export class Rfc2136Dns01 extends pulumi.ComponentResource implements Dns01SolverProvider {
  /** The Pulumi type token of Rfc2136Dns01. */
  public static readonly __pulumiType = "tls-edge:dns01:Rfc2136Dns01";

  /** Whether `obj` is a Rfc2136Dns01, also one made by another loaded copy of tls-edge. */
  public static override isInstance(obj: unknown): obj is Rfc2136Dns01 {
    return hasPulumiType(obj, Rfc2136Dns01.__pulumiType);
  }

  public readonly solver: pulumi.Output<AcmeDns01Solver>;
  public readonly dnsZones: readonly string[];
  public readonly readyResources: readonly pulumi.Resource[];
  /** The algorithm cert-manager signs with. */
  public readonly tsigAlgorithm: TsigAlgorithm;
  /** The TSIG secret, always a Pulumi secret. */
  public readonly tsigSecret: pulumi.Output<string>;
  /** The Secret cert-manager reads. */
  public readonly credentialsSecretName: string;

  constructor(name: string, args: Rfc2136Dns01Args, opts?: pulumi.ComponentResourceOptions) {
    validateRfc2136Dns01Args(args);
    super(Rfc2136Dns01.__pulumiType, name, {}, opts);
    args = checkedWhenKnown(args, RFC2136_INPUTS, validateRfc2136Dns01Args);
    const scope = resolveDns01Scope(args);
    this.dnsZones = [...args.dnsZones];
    this.tsigAlgorithm = args.tsigAlgorithm ?? DEFAULT_TSIG_ALGORITHM;
    this.tsigSecret = pulumi.secret(args.tsigSecret);

    this.credentialsSecretName = args.secretName ?? `${name}-tsig`;
    const secret = new k8s.core.v1.Secret(
      `${name}-credentials`,
      {
        metadata: { name: this.credentialsSecretName, namespace: scope.secretNamespace },
        type: "Opaque",
        // Per key, so the key name stays visible in previews while the value stays secret.
        stringData: { [TSIG_SECRET_KEY]: this.tsigSecret },
      },
      { parent: this, dependsOn: scope.dependsOn },
    );
    this.readyResources = [secret];
    const secretName = this.credentialsSecretName;
    const algorithm = this.tsigAlgorithm;
    const protocol = args.protocol;
    // Derived from the Secret's URN so an issuer using the solver depends on the Secret.
    this.solver = pulumi
      .all([secret.urn, args.nameserver, args.tsigKeyName])
      .apply(([, nameserver, tsigKeyName]): AcmeDns01Solver => ({
        dns01: {
          rfc2136: {
            nameserver,
            tsigKeyName,
            // Written out even at the default, so the issuer shows what must match the server.
            tsigAlgorithm: algorithm,
            tsigSecretSecretRef: { name: secretName, key: TSIG_SECRET_KEY },
            ...(protocol !== undefined ? { protocol } : {}),
          },
        },
        dnsZones: [...args.dnsZones],
      }));

    this.registerOutputs({
      solver: this.solver,
      dnsZones: this.dnsZones,
      readyResources: this.readyResources,
      tsigAlgorithm: this.tsigAlgorithm,
      tsigSecret: this.tsigSecret,
      credentialsSecretName: this.credentialsSecretName,
    });
  }
}
