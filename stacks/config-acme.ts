/**
 * The ACME part of the stack configuration (`tls-edge:issuer.acme`): the directory, its CA
 * bundle, the DNS-01 solvers and the TSIG secret. Types come from the components' own: the
 * Route53 credentials are `Route53Credentials`, the environments `LetsEncryptEnvironment`.
 */
import { HOSTED_ZONE_ID } from "../components/dns01/route53-policy";
import { Route53CredentialMode, type Route53Credentials } from "../components/dns01/route53-args";
import type { Rfc2136Dns01Args } from "../components/dns01/rfc2136";
import { LetsEncryptEnvironment } from "../components/issuers/acme-issuer";
import { ACME_DIRECTORIES, acmeEnvironment } from "../components/known";
import { isStdBase64 } from "../components/lib/base64";
import { isZoneName } from "../components/lib/hosts";
import type { Problems } from "../components/lib/problems";
import {
  bool,
  checkKeys,
  configKey,
  obj,
  oneOf,
  PROJECT,
  shapeOf,
  str,
  strings,
  type Json,
} from "./config-reader";
import { isOfflineSecret } from "./credentials";

/** Route53 through the solver's own credential modes (`mode` and the keys each one needs). */
export interface Route53Config {
  readonly provider: "route53";
  readonly zones: string[];
  readonly hostedZoneIds: string[];
  readonly region: string;
  readonly credentials: Route53Credentials;
  /** The cluster's OIDC issuer, required with IRSA beside oidcProviderArn. */
  readonly oidcIssuerUrl?: string;
}

export interface CloudflareConfig {
  readonly provider: "cloudflare";
  readonly zones: string[];
  readonly zoneIds: string[];
  readonly accountId: string;
}

/** RFC 2136 updates to the zones' own server; the TSIG secret is `tls-edge:tsigSecret`. */
export interface Rfc2136Config {
  readonly provider: "rfc2136";
  readonly zones: string[];
  readonly nameserver: string;
  readonly tsigKeyName: string;
  readonly tsigAlgorithm?: Rfc2136Dns01Args["tsigAlgorithm"];
}

export type Dns01Config = Route53Config | CloudflareConfig | Rfc2136Config;

const DNS01_PROVIDERS: readonly Dns01Config["provider"][] = ["route53", "cloudflare", "rfc2136"];

export interface AcmeConfig {
  readonly environment: LetsEncryptEnvironment;
  readonly server: string;
  /** A CA's staging directory for the issuer's staging twin (CAs other than Let's Encrypt). */
  readonly stagingServer?: string;
  /** CAs of the ACME server's TLS certificate: base64 of PEM, from `caBundle`. */
  readonly caBundle?: string;
  /** ...or a PEM file the program reads, from `caBundleFile` (relative: to the project). */
  readonly caBundleFile?: string;
  readonly email?: string;
  readonly dns01: Dns01Config[];
  readonly http01: boolean;
}

function parseDns01(p: Problems, key: string, v: Json): Dns01Config | undefined {
  const o = obj(p, key, v);
  if (!o) return undefined;
  const provider = oneOf(p, `${key}.provider`, o["provider"], DNS01_PROVIDERS, "route53");
  const zones = strings(p, `${key}.zones`, o["zones"], true);
  zones.forEach((z, i) => {
    if (!isZoneName(z)) {
      p.add(configKey(`${key}.zones[${i}]`), `"${z}" is not a DNS zone name; use e.g. example.com`);
    }
  });
  if (provider === "rfc2136") {
    checkKeys(p, key, o, ["provider", "zones", "nameserver", "tsigKeyName", "tsigAlgorithm"]);
    // The component checks the address, key name and algorithm (any string: stack files are
    // untyped); its messages name these keys.
    const tsigAlgorithm = str(p, `${key}.tsigAlgorithm`, o["tsigAlgorithm"], false);
    return {
      provider,
      zones,
      nameserver: str(p, `${key}.nameserver`, o["nameserver"], true) ?? "",
      tsigKeyName: str(p, `${key}.tsigKeyName`, o["tsigKeyName"], true) ?? "",
      ...(tsigAlgorithm !== undefined
        ? { tsigAlgorithm: tsigAlgorithm as Rfc2136Config["tsigAlgorithm"] }
        : {}),
    };
  }
  if (provider === "cloudflare") {
    checkKeys(p, key, o, ["provider", "zones", "zoneIds", "accountId"]);
    const zoneIds = strings(p, `${key}.zoneIds`, o["zoneIds"], true);
    if (zoneIds.length !== zones.length) {
      p.add(
        configKey(`${key}.zoneIds`),
        "needs one Cloudflare zone id per entry of zones, in the same order",
      );
    }
    const accountId = str(p, `${key}.accountId`, o["accountId"], true) ?? "";
    return { provider, zones, zoneIds, accountId };
  }
  checkKeys(p, key, o, [
    "provider",
    "zones",
    "hostedZoneIds",
    "region",
    "mode",
    "oidcProviderArn",
    "oidcIssuerUrl",
    "clusterName",
    "roleArn",
  ]);
  const hostedZoneIds = strings(p, `${key}.hostedZoneIds`, o["hostedZoneIds"], true);
  hostedZoneIds.forEach((id, i) => {
    if (!HOSTED_ZONE_ID.test(id)) {
      p.add(
        configKey(`${key}.hostedZoneIds[${i}]`),
        `"${id}" is not a Route53 hosted zone id (Z...)`,
      );
    }
  });
  if (hostedZoneIds.length !== zones.length) {
    p.add(
      configKey(`${key}.hostedZoneIds`),
      "needs one hosted zone id per entry of zones, in the same order",
    );
  }
  const region = str(p, `${key}.region`, o["region"], true) ?? "";
  const mode = oneOf(
    p,
    `${key}.mode`,
    o["mode"],
    Object.values(Route53CredentialMode),
    Route53CredentialMode.irsa,
  );
  const optional = (k: string): string | undefined => str(p, `${key}.${k}`, o[k], false);
  const oidcIssuerUrl = optional("oidcIssuerUrl");
  const credentials = route53Credentials(p, key, mode, {
    oidcProviderArn: optional("oidcProviderArn"),
    oidcIssuerUrl,
    clusterName: optional("clusterName"),
    roleArn: optional("roleArn"),
  });
  return {
    provider,
    zones,
    hostedZoneIds,
    region,
    credentials,
    ...(oidcIssuerUrl ? { oidcIssuerUrl } : {}),
  };
}

/** The credentials of one mode from the flat keys; a missing one is named (and left empty). */
function route53Credentials(
  p: Problems,
  key: string,
  mode: Route53CredentialMode,
  keys: Readonly<
    Record<"oidcProviderArn" | "oidcIssuerUrl" | "clusterName" | "roleArn", string | undefined>
  >,
): Route53Config["credentials"] {
  switch (mode) {
    case Route53CredentialMode.irsa:
      if (!keys.oidcProviderArn || !keys.oidcIssuerUrl) {
        p.add(
          configKey(`${key}.oidcProviderArn`),
          "IRSA needs oidcProviderArn and oidcIssuerUrl of the cluster",
        );
      }
      return { mode, oidcProviderArn: keys.oidcProviderArn ?? "" };
    case Route53CredentialMode.podIdentity:
      if (!keys.clusterName) {
        p.add(configKey(`${key}.clusterName`), "EKS Pod Identity needs the cluster name");
      }
      return { mode, clusterName: keys.clusterName ?? "" };
    case Route53CredentialMode.assumeRole:
      if (!keys.roleArn) {
        p.add(configKey(`${key}.roleArn`), "assumeRole needs the ARN of the role to assume");
      }
      return { mode, roleArn: keys.roleArn ?? "" };
    case Route53CredentialMode.accessKey:
      return { mode };
  }
}

/** `issuer.acme`; `production` says whether the stack is a production one. */
export function parseAcme(
  p: Problems,
  stack: string,
  production: boolean,
  v: Json,
): AcmeConfig | undefined {
  const key = "issuer.acme";
  if (v === undefined) {
    p.add(configKey(key), 'is required when issuer.type is "acme"');
    return undefined;
  }
  const o = obj(p, key, v, [
    "environment",
    "server",
    "stagingServer",
    "caBundle",
    "caBundleFile",
    "email",
    "dns01",
    "http01",
  ]);
  if (!o) return undefined;
  const environment = oneOf(
    p,
    `${key}.environment`,
    o["environment"],
    Object.values(LetsEncryptEnvironment),
    "staging",
  );
  const server =
    str(p, `${key}.server`, o["server"], false) ??
    (environment === "production"
      ? ACME_DIRECTORIES.letsencryptProduction
      : ACME_DIRECTORIES.letsencryptStaging);
  const stagingServer = str(p, `${key}.stagingServer`, o["stagingServer"], false);
  const caBundle = caBundleOf(p, `${key}.caBundle`, o["caBundle"]);
  const caBundleFile = str(p, `${key}.caBundleFile`, o["caBundleFile"], false);
  if (caBundle !== undefined && caBundleFile !== undefined) {
    p.add(configKey(`${key}.caBundleFile`), "is set together with caBundle; give the CAs one way");
  }
  const email = str(p, `${key}.email`, o["email"], false);
  const dnsList = o["dns01"] === undefined ? [] : o["dns01"];
  if (!Array.isArray(dnsList)) {
    p.add(configKey(`${key}.dns01`), `must be a list of DNS-01 solvers, got ${shapeOf(dnsList)}`);
  }
  const dns01 = (Array.isArray(dnsList) ? dnsList : [])
    .map((d, i) => parseDns01(p, `${key}.dns01[${i}]`, d))
    .filter((d): d is Dns01Config => d !== undefined);
  const http01 = bool(p, `${key}.http01`, o["http01"], dns01.length === 0);
  const serverEnv = acmeEnvironment(server);
  if (!production && (environment === "production" || serverEnv === "production")) {
    p.add(
      configKey(key),
      `stack "${stack}" is not a production stack but uses the production ACME directory ${server}; use environment: staging (or a staging/test server) outside production`,
    );
  }
  if (environment === "staging" && serverEnv === "production") {
    p.add(
      configKey(`${key}.server`),
      `${server} is a production directory but environment is staging`,
    );
  }
  const allZones = dns01.flatMap((d) => d.zones);
  if (new Set(allZones).size !== allZones.length) {
    p.add(
      configKey(`${key}.dns01`),
      "a zone is listed under two solvers; give each zone one solver",
    );
  }
  if (stagingServer !== undefined && acmeEnvironment(stagingServer) === "production") {
    p.add(
      configKey(`${key}.stagingServer`),
      `${stagingServer} is a production directory; give a staging one`,
    );
  }
  return {
    environment,
    server,
    ...(stagingServer ? { stagingServer } : {}),
    ...(caBundle ? { caBundle } : {}),
    ...(caBundleFile ? { caBundleFile } : {}),
    ...(email ? { email } : {}),
    dns01,
    http01,
  };
}

/**
 * A CA bundle given as PEM text or as base64 of it, as base64 (what `spec.acme.caBundle` holds).
 */
function caBundleOf(p: Problems, key: string, v: Json): string | undefined {
  const text = str(p, key, v, false)?.trim();
  if (text === undefined) return undefined;
  if (text.includes("-----BEGIN CERTIFICATE-----")) {
    return Buffer.from(`${text}\n`).toString("base64");
  }
  const compact = text.replace(/\s+/g, "");
  if (
    isStdBase64(compact) &&
    Buffer.from(compact, "base64").toString("utf8").includes("-----BEGIN CERTIFICATE-----")
  ) {
    return compact;
  }
  p.add(configKey(key), "must be PEM certificates or base64 of them (e.g. from base64 -w0 ca.pem)");
  return undefined;
}

/**
 * The TSIG secret of the rfc2136 solvers: secret config, one key per stack. Not set, a preview
 * goes on with the value unknown (the render shows a masked Secret); a deployment stops here.
 */
export function parseTsigSecret(
  p: Problems,
  v: Json,
  secret: boolean,
  acme: AcmeConfig | undefined,
  preview: boolean,
): string | undefined {
  const key = "tsigSecret";
  const rfc2136 = (acme?.dns01 ?? []).filter((d): d is Rfc2136Config => d.provider === "rfc2136");
  const set = `set it with 'pulumi config set --secret ${PROJECT}:${key} <base64>' (the secret tsig-keygen prints)`;
  if (v === undefined) {
    if (rfc2136.length > 0 && !preview)
      p.add(configKey(key), `is required by the rfc2136 DNS-01 solver; ${set}`);
    return undefined;
  }
  // Plain text is refused with the other credentials (plainCredentials), before this; an empty
  // value is no credential to that rule, but no secret either.
  if (!secret) {
    if (v === "") p.add(configKey(key), `is empty; ${set}`);
    return undefined;
  }
  if (rfc2136.length === 0) {
    p.add(
      configKey(key),
      "is only read by an rfc2136 DNS-01 solver under issuer.acme.dns01; remove it",
    );
  }
  const names = [...new Set(rfc2136.map((d) => d.tsigKeyName))];
  if (names.length > 1) {
    p.add(
      configKey(key),
      `holds one TSIG secret, but the rfc2136 solvers name ${names.length} keys (${names.join(", ")}); give them one key`,
    );
  }
  if (typeof v !== "string") {
    p.add(configKey(key), `must be a string; ${set}`);
    return undefined;
  }
  // An offline run never decrypts: the value is a placeholder, unknown to the program.
  return isOfflineSecret(`${PROJECT}:${key}`, v) ? undefined : v;
}
