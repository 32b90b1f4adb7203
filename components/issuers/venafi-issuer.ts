/**
 * A Venafi issuer: Trust Protection Platform (TPP) or Venafi Cloud (TLS Protect Cloud), with the
 * credentials stored in a Secret as Pulumi secrets.
 */
import * as pulumi from "@pulumi/pulumi";
import { checkedWhenKnown, isKnown, outputProblems } from "../lib/inputs";
import { IssuerComponent } from "./issuer-component";
import { isHttpsUrl, show } from "./problems";
import { isStdBase64 } from "../lib/base64";
import { Problems } from "../lib/problems";
import {
  checkScope,
  credentialsSecret,
  ISSUER_PLAIN,
  type IssuerPlacementArgs,
  type IssuerScopeArgs,
} from "./scope";
import { hasPulumiType } from "../lib/instance";

/**
 * Trust Protection Platform; credentials are exactly one of username + password or an
 * access token.
 * @see https://cert-manager.io/docs/configuration/venafi/#creating-a-trust-protection-platform-issuer
 */
export interface VenafiTppArgs {
  /** The TPP SDK URL, e.g. "https://tpp.example.com/vedsdk". */
  readonly url: pulumi.Input<string>;
  /** Username; with `password`. */
  readonly username?: pulumi.Input<string>;
  /** Password; stored in a Secret as a Pulumi secret. */
  readonly password?: pulumi.Input<string>;
  /** Access token instead of username and password; stored as a Pulumi secret. */
  readonly accessToken?: pulumi.Input<string>;
  /** Base64 PEM bundle to trust for TPP's TLS. @default the system roots */
  readonly caBundle?: pulumi.Input<string>;
}

/**
 * Venafi Cloud.
 * @see https://cert-manager.io/docs/configuration/venafi/#creating-a-venafi-as-a-service-issuer
 */
export interface VenafiCloudArgs {
  /** API URL. @default "https://api.venafi.cloud/v1" (cert-manager's default) */
  readonly url?: pulumi.Input<string>;
  /** API key; stored in a Secret as a Pulumi secret. */
  readonly apiToken: pulumi.Input<string>;
}

export interface VenafiIssuerArgs extends IssuerScopeArgs, VenafiIssuerSettingsArgs {}

/** All but `certManager`: what other languages pass too (the plugin package). */
export interface VenafiIssuerSettingsArgs extends IssuerPlacementArgs {
  /** Policy folder (TPP) or application\\issuing template alias (Cloud). */
  readonly zone: pulumi.Input<string>;
  /** Trust Protection Platform; exactly one of `tpp` and `cloud`. */
  readonly tpp?: VenafiTppArgs;
  /** Venafi Cloud; exactly one of `tpp` and `cloud`. */
  readonly cloud?: VenafiCloudArgs;
}

const ARGS = "VenafiIssuerArgs";

/** The arguments that may be Outputs. */
const VENAFI_INPUTS = [
  "zone",
  "tpp.url",
  "tpp.username",
  "tpp.password",
  "tpp.accessToken",
  "tpp.caBundle",
  "cloud.url",
  "cloud.apiToken",
];
/** Of those, the ones validation reads: checked again once known. */
const VENAFI_CHECKED = ["zone", "tpp.url", "tpp.caBundle", "cloud.url"];

/**
 * Checks the known values; zone, URLs and bundle given as Outputs are checked with the same
 * messages once known, by the component (credentials for presence only). Outputs elsewhere are
 * refused.
 */
export function validateVenafiIssuerArgs(args: VenafiIssuerArgs): void {
  const p = new Problems();
  outputProblems(p, ARGS, args, VENAFI_INPUTS, ISSUER_PLAIN);
  p.throwIfAny();
  checkScope(p, ARGS, args);
  if (isKnown(args.zone) && (typeof args.zone !== "string" || args.zone.trim() === "")) {
    p.add(
      `${ARGS}.zone`,
      "is empty",
      "give the policy folder (TPP) or issuing template alias (Cloud)",
    );
  }
  if ((args.tpp === undefined) === (args.cloud === undefined)) {
    p.add(
      `${ARGS}.tpp`,
      args.tpp ? "is set together with cloud" : "neither tpp nor cloud is set",
      "set exactly one of tpp and cloud",
    );
  }
  const tpp = args.tpp;
  if (tpp) {
    if (isKnown(tpp.url) && !isHttpsUrl(tpp.url)) {
      p.add(
        `${ARGS}.tpp.url`,
        `${show(tpp.url)} is not an https URL`,
        'give the TPP SDK URL, e.g. "https://tpp.example.com/vedsdk"',
      );
    }
    const basic = tpp.username !== undefined || tpp.password !== undefined;
    if (basic && tpp.accessToken !== undefined) {
      p.add(
        `${ARGS}.tpp.accessToken`,
        "is set together with username/password",
        "use either an access token or username and password",
      );
    } else if (!basic && tpp.accessToken === undefined) {
      p.add(`${ARGS}.tpp`, "has no credentials", "set accessToken, or username and password");
    } else if (basic && (tpp.username === undefined || tpp.password === undefined)) {
      p.add(
        `${ARGS}.tpp.${tpp.username === undefined ? "username" : "password"}`,
        "is missing",
        "set both username and password",
      );
    }
    if (isKnown(tpp.caBundle) && !isStdBase64(tpp.caBundle)) {
      p.add(`${ARGS}.tpp.caBundle`, "is not base64", "base64-encode the PEM bundle");
    }
  }
  const cloudUrl = args.cloud?.url;
  if (isKnown(cloudUrl) && !isHttpsUrl(cloudUrl)) {
    p.add(
      `${ARGS}.cloud.url`,
      `${show(cloudUrl)} is not an https URL`,
      "give the API URL or omit it",
    );
  }
  p.throwIfAny();
}

/** A cert-manager Venafi `ClusterIssuer` (or `Issuer` with `namespace`). */
export class VenafiIssuer extends IssuerComponent {
  /** The Pulumi type token of VenafiIssuer. */
  public static readonly __pulumiType = "tls-edge:issuers:VenafiIssuer";

  /** Whether `obj` is a VenafiIssuer, also one made by another loaded copy of tls-edge. */
  public static override isInstance(obj: unknown): obj is VenafiIssuer {
    return hasPulumiType(obj, VenafiIssuer.__pulumiType);
  }

  /** The zone's policy decides; tls-edge lets the request through and Venafi answers. */
  public readonly supportsWildcards: boolean;

  constructor(name: string, args: VenafiIssuerArgs, opts?: pulumi.ComponentResourceOptions) {
    validateVenafiIssuerArgs(args);
    super(VenafiIssuer.__pulumiType, name, args, opts);
    args = checkedWhenKnown(args, VENAFI_CHECKED, validateVenafiIssuerArgs);
    const scope = this.scope;
    this.supportsWildcards = true;

    const secretName = `${scope.issuerName}-venafi`;
    let venafi: Record<string, unknown>;
    let data: Record<string, pulumi.Input<string>>;
    if (args.tpp) {
      const tpp = args.tpp;
      data =
        tpp.accessToken !== undefined
          ? { "access-token": tpp.accessToken }
          : { username: tpp.username!, password: tpp.password! };
      venafi = {
        zone: args.zone,
        tpp: {
          url: tpp.url,
          credentialsRef: { name: secretName },
          ...(tpp.caBundle !== undefined ? { caBundle: tpp.caBundle } : {}),
        },
      };
    } else {
      const cloud = args.cloud!;
      data = { "api-key": cloud.apiToken };
      venafi = {
        zone: args.zone,
        cloud: {
          ...(cloud.url !== undefined ? { url: cloud.url } : {}),
          apiTokenSecretRef: { name: secretName, key: "api-key" },
        },
      };
    }
    const secret = credentialsSecret(
      this,
      `${name}-credentials`,
      secretName,
      scope.secretNamespace,
      data,
      scope.dependsOn,
    );
    this.createIssuer({ venafi }, [...scope.dependsOn, secret]);

    this.registerOutputs(this.issuerOutputs());
  }
}
