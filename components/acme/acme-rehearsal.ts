/**
 * AcmeRehearsal: the rehearsal as a Pulumi dynamic resource. `pulumi up` runs a real DNS-01
 * order against the (staging) directory; a production `AcmeIssuer` that `dependsOn` it is only
 * created once the rehearsal passed. It is replaced (so rehearsed again) when the names, the
 * directory or the DNS settings change.
 */
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { rehearsalDnsProblems, type RehearsalDnsSettings } from "./dns/settings";
import { directoryProblems, domainsProblems } from "./options";
import { isKnown } from "../lib/inputs";
import { hasBrand } from "../lib/instance";
import { Problems } from "../lib/problems";

/** Where the rehearsal publishes its TXT records. */
export type AcmeRehearsalDns = RehearsalDnsSettings;

export interface AcmeRehearsalArgs {
  /** ACME directory to rehearse against; production is refused unless `allowProduction`. @see https://letsencrypt.org/docs/staging-environment/ */
  readonly directoryUrl: pulumi.Input<string>;
  /** Names the production certificate will carry. @see https://letsencrypt.org/docs/challenge-types/#dns-01-challenge */
  readonly domains: pulumi.Input<pulumi.Input<string>[]>;
  /** DNS provider for the `_acme-challenge` records. */
  readonly dns: pulumi.Input<AcmeRehearsalDns>;
  /** Extra CA (PEM) trusted for the directory's HTTPS. @default system roots */
  readonly caPem?: pulumi.Input<string>;
  /** External account binding; the HMAC key is made secret. @default none @see https://datatracker.ietf.org/doc/html/rfc8555#section-7.3.4 */
  readonly externalAccountBinding?: pulumi.Input<{
    kid: pulumi.Input<string>;
    hmacKey: pulumi.Input<string>;
  }>;
  /** @default false */
  readonly allowProduction?: pulumi.Input<boolean>;
  /** @default 300 */
  readonly timeoutSeconds?: pulumi.Input<number>;
}

/** What the provider gets (plain values) and what it keeps in state (no secret material). */
export interface AcmeRehearsalInputs {
  directoryUrl: string;
  domains: string[];
  dns: AcmeRehearsalDns;
  caPem?: string;
  externalAccountBinding?: { kid: string; hmacKey: string };
  allowProduction?: boolean;
  timeoutSeconds?: number;
}

export interface AcmeRehearsalOutputs {
  directoryUrl: string;
  domains: string[];
  dns: AcmeRehearsalDns;
  caPem?: string;
  /** sha256 of kid and key, so a changed binding shows in diffs without storing the key. */
  eabFingerprint?: string;
  notAfter: string;
  issuer: string;
  sans: string[];
  durationMs: number;
}

const PATH = "AcmeRehearsalArgs";
const HEADING = "invalid AcmeRehearsal arguments:";

/** Checks what is known now (plain values); Outputs are checked when the rehearsal runs. */
export function validateAcmeRehearsalArgs(args: AcmeRehearsalArgs): void {
  const p = new Problems();
  const plain = (v: unknown): v is string => typeof v === "string";
  if (plain(args.directoryUrl)) {
    const allow = typeof args.allowProduction === "boolean" ? args.allowProduction : false;
    directoryProblems(p, `${PATH}.directoryUrl`, args.directoryUrl, allow);
  }
  if (Array.isArray(args.domains) && args.domains.every(plain)) {
    domainsProblems(p, `${PATH}.domains`, args.domains as string[]);
  }
  const dns = args.dns as Partial<AcmeRehearsalDns>;
  if (dns && typeof dns === "object" && isKnown(dns)) checkDns(p, dns);
  p.throwIfAny(HEADING);
}

/** Checks the DNS settings, named as AcmeRehearsalArgs paths. */
function checkDns(p: Problems, dns: Partial<AcmeRehearsalDns>): void {
  rehearsalDnsProblems(p, dns, (field) => `${PATH}.dns.${field}`);
}

/** Runs a rehearsal from the provider's plain inputs; what `create` stores. */
export async function rehearseFromInputs(
  inputs: AcmeRehearsalInputs,
): Promise<AcmeRehearsalOutputs> {
  // Loaded here: this runs in the dynamic provider's process.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { createHash } = require("node:crypto") as typeof import("node:crypto");
  const acme = require("./index") as typeof import("./index");
  const { rehearsalDnsProvider } = require("./dns") as typeof import("./dns");
  /* eslint-enable @typescript-eslint/no-require-imports */
  // Settings that were Outputs at preview are checked now, with the same messages.
  const p = new Problems();
  checkDns(p, inputs.dns);
  p.throwIfAny(HEADING);
  const dns = rehearsalDnsProvider(inputs.dns);
  const result = await acme.rehearse({
    directoryUrl: inputs.directoryUrl,
    domains: inputs.domains,
    dns,
    ...(inputs.caPem ? { caPem: inputs.caPem } : {}),
    ...(inputs.externalAccountBinding
      ? { externalAccountBinding: inputs.externalAccountBinding }
      : {}),
    allowProduction: inputs.allowProduction ?? false,
    timeoutMs: (inputs.timeoutSeconds ?? 300) * 1000,
  });
  const eab = inputs.externalAccountBinding;
  return {
    directoryUrl: inputs.directoryUrl,
    domains: inputs.domains,
    dns: inputs.dns,
    ...(inputs.caPem ? { caPem: inputs.caPem } : {}),
    ...(eab
      ? { eabFingerprint: createHash("sha256").update(`${eab.kid}\n${eab.hmacKey}`).digest("hex") }
      : {}),
    notAfter: result.certificate.notAfter,
    issuer: result.certificate.issuer,
    sans: [...result.certificate.sans],
    durationMs: result.durationMs,
  };
}

/**
 * The dynamic provider. Pulumi serializes these functions into the state: they capture only
 * `modulePath` (a string) and require everything else when they run.
 */
export function acmeRehearsalProvider(modulePath: string): pulumi.dynamic.ResourceProvider {
  return {
    async create(inputs: AcmeRehearsalInputs) {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { existsSync } = require("node:fs") as typeof import("node:fs");
      // The provider runs in a plain Node.js process. An installed package ships .js; from the
      // TypeScript sources (a checkout's `pulumi up`) it needs a loader for the .ts files.
      if (!existsSync(`${modulePath}.js`) && existsSync(`${modulePath}.ts`)) {
        (require("tsx/cjs/api") as typeof import("tsx/cjs/api")).register();
      }
      const m = require(modulePath) as typeof import("./acme-rehearsal");
      /* eslint-enable @typescript-eslint/no-require-imports */
      const outs = await m.rehearseFromInputs(inputs);
      const id = `${outs.directoryUrl}#${[...outs.domains].sort().join(",")}@${Date.now()}`;
      return { id, outs };
    },
    async diff(_id: string, olds: AcmeRehearsalOutputs, news: AcmeRehearsalInputs) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createHash } = require("node:crypto") as typeof import("node:crypto");
      const eab = news.externalAccountBinding;
      const fingerprint = eab
        ? createHash("sha256").update(`${eab.kid}\n${eab.hmacKey}`).digest("hex")
        : undefined;
      const same = (a: unknown, b: unknown) =>
        JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
      const replaces = [
        ...(same(olds.directoryUrl, news.directoryUrl) ? [] : ["directoryUrl"]),
        ...(same([...(olds.domains ?? [])].sort(), [...(news.domains ?? [])].sort())
          ? []
          : ["domains"]),
        ...(same(olds.dns, news.dns) ? [] : ["dns"]),
        ...(same(olds.caPem, news.caPem) ? [] : ["caPem"]),
        ...(same(olds.eabFingerprint, fingerprint) ? [] : ["externalAccountBinding"]),
      ];
      return { changes: replaces.length > 0, replaces, deleteBeforeReplace: false };
    },
    // allowProduction and timeoutSeconds only steer a run: changing them is an in-place no-op.
    async update(_id: string, olds: AcmeRehearsalOutputs) {
      return { outs: olds };
    },
  };
}

const REHEARSAL_BRAND = "__tlsEdgeType";
const REHEARSAL_TYPE = "tls-edge:acme:AcmeRehearsal";

/** A passed ACME rehearsal; `dependsOn` it from the production issuer. */
export class AcmeRehearsal extends pulumi.dynamic.Resource {
  /** Whether `obj` is an AcmeRehearsal, also one made by another loaded copy of tls-edge. */
  public static override isInstance(obj: unknown): obj is AcmeRehearsal {
    return hasBrand(obj, REHEARSAL_BRAND, REHEARSAL_TYPE);
  }

  /**
   * @internal The brand `isInstance` reads: every dynamic resource registers as
   * `pulumi-nodejs:dynamic:Resource`, so the type token cannot tell this one apart.
   */
  public readonly [REHEARSAL_BRAND] = REHEARSAL_TYPE;
  declare public readonly notAfter: pulumi.Output<string>;
  declare public readonly issuer: pulumi.Output<string>;
  declare public readonly sans: pulumi.Output<string[]>;
  declare public readonly durationMs: pulumi.Output<number>;

  constructor(name: string, args: AcmeRehearsalArgs, opts?: pulumi.CustomResourceOptions) {
    validateAcmeRehearsalArgs(args);
    const eab = args.externalAccountBinding;
    super(
      acmeRehearsalProvider(join(__dirname, "acme-rehearsal")),
      name,
      {
        ...args,
        ...(eab
          ? {
              externalAccountBinding: pulumi
                .output(eab)
                .apply((e) => ({ kid: e.kid, hmacKey: pulumi.secret(e.hmacKey) })),
            }
          : {}),
        notAfter: undefined,
        issuer: undefined,
        sans: undefined,
        durationMs: undefined,
      },
      opts,
    );
  }
}
