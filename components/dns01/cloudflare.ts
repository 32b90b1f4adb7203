/**
 * Cloudflare credentials for cert-manager's DNS-01 solver: an API token with DNS edit and zone
 * read on the chosen zones (or on every zone of an account), stored in a Secret the issuer reads.
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CLOUDFLARE_DNS01_PERMISSIONS } from "../known";
import { show } from "../issuers/problems";
import { Problems } from "../lib/problems";
import { outputProblems } from "../lib/inputs";
import { CLOUDFLARE_ID, CLOUDFLARE_ZONE_ID_FIX } from "./cloudflare-id";
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

/** What the token may touch. */
export const CloudflareTokenScope = { zones: "zones", allZones: "allZones" } as const;
export type CloudflareTokenScope = (typeof CloudflareTokenScope)[keyof typeof CloudflareTokenScope];

/**
 * Cloudflare's permission group ids for the two permissions cert-manager needs (see
 * `CLOUDFLARE_DNS01_PERMISSIONS`): fixed so a preview shows the exact token without an API call.
 */
export const CLOUDFLARE_PERMISSION_GROUPS = {
  /** "DNS Write" (Zone / DNS / Edit). */
  dnsWrite: CLOUDFLARE_DNS01_PERMISSIONS.dnsWrite.id,
  /** "Zone Read" (Zone / Zone / Read). */
  zoneRead: CLOUDFLARE_DNS01_PERMISSIONS.zoneRead.id,
} as const;

/** The permission groups the token gets. */
export interface CloudflarePermissionGroupIds {
  readonly dnsWrite: pulumi.Input<string>;
  readonly zoneRead: pulumi.Input<string>;
}

export interface CloudflareDns01Args extends Dns01ScopeArgs, CloudflareDns01SettingsArgs {
  /**
   * DNS zones these credentials answer for (the issuer's `selector.dnsZones`). Plain: issuers
   * check their names against them at construction.
   * @see https://cert-manager.io/docs/configuration/acme/#dns-zones
   */
  readonly dnsZones: readonly string[];
  /** Cloudflare zone ids (32 hex characters) the token is limited to; `zones` scope only. */
  readonly zoneIds?: readonly pulumi.Input<string>[];
}

/**
 * All but the zones, the zone ids and `certManager`: what other languages pass as they are (the
 * plugin package).
 */
export interface CloudflareDns01SettingsArgs extends Dns01PlacementArgs {
  /**
   * `zones`: the token is limited to `zoneIds`. `allZones`: every zone of `accountId`. Tokens
   * limited to some zones have failed when cert-manager listed zones (cert-manager #2878); if
   * challenges fail with "zone not found", use `allZones`.
   * @default "zones"
   * @see https://github.com/cert-manager/cert-manager/issues/2878
   */
  readonly scope?: CloudflareTokenScope;
  /** Cloudflare account id (32 hex characters) whose zones the token covers; `allZones` only. */
  readonly accountId?: pulumi.Input<string>;
  /** Permission group ids. @default CLOUDFLARE_PERMISSION_GROUPS */
  readonly permissionGroupIds?: CloudflarePermissionGroupIds;
  /** Token name as Cloudflare shows it. @default "cert-manager DNS-01 <name>" */
  readonly tokenName?: pulumi.Input<string>;
  /** Name of the Secret holding the token (key `api-token`). @default "<name>-cloudflare" */
  readonly secretName?: string;
  /**
   * Expiry (RFC 3339); cert-manager cannot renew through an expired token, so rotate before.
   * @see https://developers.cloudflare.com/fundamentals/api/get-started/create-token/
   */
  readonly expiresOn?: pulumi.Input<string>;
}

const SCOPES: readonly string[] = Object.values(CloudflareTokenScope);
/** The arguments that may be Outputs (zone ids one by one, not the list). */
const CLOUDFLARE_INPUTS = [
  "zoneIds[]",
  "accountId",
  "tokenName",
  "expiresOn",
  "permissionGroupIds.dnsWrite",
  "permissionGroupIds.zoneRead",
];

/** Checks what is known now; ids that are Outputs are checked by Cloudflare. */
export function validateCloudflareDns01Args(args: CloudflareDns01Args): void {
  const p = new Problems();
  const at = "CloudflareDns01Args";
  outputProblems(p, at, args, CLOUDFLARE_INPUTS, DNS01_PLAIN);
  p.throwIfAny();
  checkDns01Scope(p, at, args.dnsZones, args);
  checkSecretName(p, `${at}.secretName`, args.secretName);
  const scope = args.scope ?? CloudflareTokenScope.zones;
  if (!SCOPES.includes(scope)) {
    p.add(`${at}.scope`, `${show(scope)} is not a token scope`, 'use "zones" or "allZones"');
  } else if (scope === CloudflareTokenScope.zones) {
    if (args.accountId !== undefined) {
      p.add(
        `${at}.accountId`,
        'is only used with scope "allZones"',
        'drop accountId, or set scope: "allZones" to cover every zone of the account',
      );
    }
    if (!args.zoneIds || args.zoneIds.length === 0) {
      p.add(
        `${at}.zoneIds`,
        'no zone id given for scope "zones"',
        'list the Cloudflare zone ids of dnsZones, or set scope: "allZones" with accountId',
      );
    } else {
      const seen = new Set<string>();
      args.zoneIds.forEach((id, i) => {
        if (typeof id !== "string") return;
        if (!CLOUDFLARE_ID.test(id)) {
          p.add(
            `${at}.zoneIds[${i}]`,
            `${show(id)} is not a Cloudflare zone id`,
            CLOUDFLARE_ZONE_ID_FIX,
          );
        } else if (seen.has(id)) {
          p.add(`${at}.zoneIds[${i}]`, `${show(id)} is listed twice`, "list each zone id once");
        }
        seen.add(id);
      });
    }
  } else {
    if (args.zoneIds !== undefined) {
      p.add(
        `${at}.zoneIds`,
        'is not used with scope "allZones"',
        'drop zoneIds, or use scope: "zones" to limit the token to them',
      );
    }
    if (args.accountId === undefined) {
      p.add(
        `${at}.accountId`,
        'no account id given for scope "allZones"',
        "set the 32-character hex Account ID from the dashboard",
      );
    } else if (typeof args.accountId === "string" && !CLOUDFLARE_ID.test(args.accountId)) {
      p.add(
        `${at}.accountId`,
        `${show(args.accountId)} is not a Cloudflare account id`,
        "set the 32-character hex Account ID from the dashboard",
      );
    }
  }
  p.throwIfAny();
}

/** The token's `resources`: the listed zones, or every zone of the account. */
export function cloudflareTokenResources(
  scope: CloudflareTokenScope,
  ids: readonly string[],
): string {
  if (scope === CloudflareTokenScope.allZones) {
    return JSON.stringify({
      [`com.cloudflare.api.account.${ids[0]}`]: { "com.cloudflare.api.account.zone.*": "*" },
    });
  }
  return JSON.stringify(
    Object.fromEntries(ids.map((id) => [`com.cloudflare.api.account.zone.${id}`, "*"])),
  );
}

/** The Cloudflare `dns01` solver with its API token, as a `Dns01SolverProvider`. */
export class CloudflareDns01 extends pulumi.ComponentResource implements Dns01SolverProvider {
  /** The Pulumi type token of CloudflareDns01. */
  public static readonly __pulumiType = "tls-edge:dns01:CloudflareDns01";

  /** Whether `obj` is a CloudflareDns01, also one made by another loaded copy of tls-edge. */
  public static override isInstance(obj: unknown): obj is CloudflareDns01 {
    return hasPulumiType(obj, CloudflareDns01.__pulumiType);
  }

  public readonly solver: pulumi.Output<AcmeDns01Solver>;
  public readonly dnsZones: readonly string[];
  public readonly readyResources: readonly pulumi.Resource[];
  /** The token value, always a Pulumi secret. */
  public readonly apiToken: pulumi.Output<string>;
  /** The Cloudflare token id (for audits and rotation). */
  public readonly tokenId: pulumi.Output<string>;
  /** The Secret cert-manager reads. */
  public readonly credentialsSecretName: string;

  constructor(name: string, args: CloudflareDns01Args, opts?: pulumi.ComponentResourceOptions) {
    validateCloudflareDns01Args(args);
    super(CloudflareDns01.__pulumiType, name, {}, opts);
    const scope = resolveDns01Scope(args);
    const tokenScope = args.scope ?? CloudflareTokenScope.zones;
    this.dnsZones = [...args.dnsZones];

    const groups = args.permissionGroupIds ?? CLOUDFLARE_PERMISSION_GROUPS;
    const ids: pulumi.Input<string>[] =
      tokenScope === CloudflareTokenScope.allZones ? [args.accountId!] : [...args.zoneIds!];
    const token = new cloudflare.ApiToken(
      `${name}-token`,
      {
        name: args.tokenName ?? `cert-manager DNS-01 ${name}`,
        policies: [
          {
            effect: "allow",
            permissionGroups: [{ id: groups.dnsWrite }, { id: groups.zoneRead }],
            resources: pulumi
              .all(ids)
              .apply((known) => cloudflareTokenResources(tokenScope, known)),
          },
        ],
        ...(args.expiresOn !== undefined ? { expiresOn: args.expiresOn } : {}),
      },
      { parent: this },
    );
    this.tokenId = token.id;
    this.apiToken = pulumi.secret(token.value);

    this.credentialsSecretName = args.secretName ?? `${name}-cloudflare`;
    const secret = new k8s.core.v1.Secret(
      `${name}-credentials`,
      {
        metadata: { name: this.credentialsSecretName, namespace: scope.secretNamespace },
        type: "Opaque",
        // Per key, so the key names stay visible in previews while the value stays secret.
        stringData: { "api-token": this.apiToken },
      },
      { parent: this, dependsOn: scope.dependsOn },
    );
    this.readyResources = [secret];
    const secretName = this.credentialsSecretName;
    // Derived from the Secret's URN so an issuer using the solver depends on the Secret.
    this.solver = secret.urn.apply((): AcmeDns01Solver => ({
      dns01: { cloudflare: { apiTokenSecretRef: { name: secretName, key: "api-token" } } },
      dnsZones: [...args.dnsZones],
    }));

    this.registerOutputs({
      solver: this.solver,
      dnsZones: this.dnsZones,
      readyResources: this.readyResources,
      apiToken: this.apiToken,
      tokenId: this.tokenId,
      credentialsSecretName: this.credentialsSecretName,
    });
  }
}
