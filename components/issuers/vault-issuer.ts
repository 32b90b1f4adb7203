/**
 * A HashiCorp Vault PKI issuer, authenticating with exactly one of a token, AppRole or a
 * Kubernetes ServiceAccount token (with the RBAC cert-manager 1.21 needs to request it).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CERT_MANAGER_RELEASE } from "../cert-manager";
import { checkedWhenKnown, isKnown, outputProblems } from "../lib/inputs";
import { IssuerComponent } from "./issuer-component";
import { isHttpsUrl, show } from "./problems";
import { isStdBase64 } from "../lib/base64";
import { isDns1123Subdomain } from "../lib/names";
import { Problems } from "../lib/problems";
import {
  checkScope,
  credentialsSecret,
  DEFAULT_CERT_MANAGER_NAMESPACE,
  ISSUER_PLAIN,
  type IssuerPlacementArgs,
  type IssuerScope,
  type IssuerScopeArgs,
} from "./scope";
import { hasPulumiType } from "../lib/instance";

/** A key in a Secret next to the issuer. */
export interface SecretKeyRefArgs {
  readonly name: string;
  readonly key: string;
}

/** AppRole login. @see https://cert-manager.io/docs/configuration/vault/#authenticating-with-vaults-approle */
export interface VaultAppRoleArgs {
  /** Mount path of the AppRole backend. @default "approle" */
  readonly path?: pulumi.Input<string>;
  /** The role ID. */
  readonly roleId: pulumi.Input<string>;
  /** The secret ID; stored in a Secret as a Pulumi secret. */
  readonly secretId: pulumi.Input<string>;
}

/** Kubernetes login with a bound ServiceAccount token. @see https://cert-manager.io/docs/configuration/vault/#secretless-authentication-with-a-service-account */
export interface VaultKubernetesAuthArgs {
  /** Vault role bound to the ServiceAccount. */
  readonly role: pulumi.Input<string>;
  /** Mount path of the Kubernetes auth backend. @default "/v1/auth/kubernetes" */
  readonly mountPath?: pulumi.Input<string>;
  /** ServiceAccount whose tokens cert-manager requests; created with the RBAC for it. */
  readonly serviceAccountRef: VaultServiceAccountRefArgs;
}

/** The ServiceAccount cert-manager requests tokens of for Vault's Kubernetes login. */
export interface VaultServiceAccountRefArgs {
  /** Name of the ServiceAccount, next to the issuer's Secrets. */
  readonly name: string;
  /** Extra audiences of the requested token; cert-manager's default ones are always included. @see https://cert-manager.io/docs/configuration/vault/#secretless-authentication-with-a-service-account */
  readonly audiences?: string[];
}

/** Exactly one way to log in to Vault. */
export interface VaultAuthArgs {
  /** A Vault token; stored in a Secret as a Pulumi secret. */
  readonly token?: pulumi.Input<string>;
  readonly appRole?: VaultAppRoleArgs;
  readonly kubernetes?: VaultKubernetesAuthArgs;
}

export interface VaultIssuerArgs extends IssuerScopeArgs, VaultIssuerSettingsArgs {}

/** All but `certManager`: what other languages pass too (the plugin package). */
export interface VaultIssuerSettingsArgs extends IssuerPlacementArgs {
  /** Vault address, e.g. "https://vault.example.com:8200". @see https://cert-manager.io/docs/configuration/vault/ */
  readonly server: pulumi.Input<string>;
  /** PKI signing path, e.g. "pki_int/sign/example-dot-com". */
  readonly path: pulumi.Input<string>;
  /** Vault Enterprise namespace (not a Kubernetes namespace: that is `namespace`). @default none */
  readonly vaultNamespace?: pulumi.Input<string>;
  /** Base64 PEM bundle to trust for Vault's TLS; at most one of `caBundle`, `caBundleSecretRef`. */
  readonly caBundle?: pulumi.Input<string>;
  /** A Secret key holding that bundle instead. */
  readonly caBundleSecretRef?: SecretKeyRefArgs;
  /** How cert-manager logs in. */
  readonly auth: VaultAuthArgs;
}

const ARGS = "VaultIssuerArgs";

/** The arguments that may be Outputs. */
const VAULT_INPUTS = [
  "server",
  "path",
  "vaultNamespace",
  "caBundle",
  "auth.token",
  "auth.appRole.path",
  "auth.appRole.roleId",
  "auth.appRole.secretId",
  "auth.kubernetes.role",
  "auth.kubernetes.mountPath",
];
/** Of those, the ones validation reads: checked again once known. */
const VAULT_CHECKED = ["server", "path", "caBundle", "auth.kubernetes.mountPath"];

/**
 * Checks the known values; server, path, bundle and mount path given as Outputs are checked with
 * the same messages once known, by the component. Outputs elsewhere are refused.
 */
export function validateVaultIssuerArgs(args: VaultIssuerArgs): void {
  const p = new Problems();
  outputProblems(p, ARGS, args, VAULT_INPUTS, ISSUER_PLAIN);
  p.throwIfAny();
  checkScope(p, ARGS, args);
  if (isKnown(args.server) && !isHttpsUrl(args.server)) {
    p.add(
      `${ARGS}.server`,
      `${show(args.server)} is not an https URL`,
      'give Vault\'s address, e.g. "https://vault.example.com:8200"',
    );
  }
  if (isKnown(args.path) && (typeof args.path !== "string" || args.path.trim() === "")) {
    p.add(
      `${ARGS}.path`,
      "is empty",
      'give the PKI signing path, e.g. "pki_int/sign/example-dot-com"',
    );
  }
  if (args.caBundle !== undefined && args.caBundleSecretRef !== undefined) {
    p.add(
      `${ARGS}.caBundleSecretRef`,
      "is set together with caBundle",
      "give the CA bundle one way, not both",
    );
  } else if (isKnown(args.caBundle) && !isStdBase64(args.caBundle)) {
    p.add(
      `${ARGS}.caBundle`,
      "is not base64",
      "base64-encode the PEM bundle, or use caBundleSecretRef",
    );
  }
  const auth = args.auth ?? {};
  const methods = (["token", "appRole", "kubernetes"] as const).filter(
    (m) => auth[m] !== undefined,
  );
  if (methods.length !== 1) {
    p.add(
      `${ARGS}.auth`,
      methods.length ? `sets ${methods.join(" and ")}` : "sets no login method",
      "set exactly one of token, appRole, kubernetes",
    );
  }
  const kube = auth.kubernetes;
  if (kube) {
    const sa = kube.serviceAccountRef?.name;
    if (sa === undefined || !isDns1123Subdomain(sa)) {
      p.add(
        `${ARGS}.auth.kubernetes.serviceAccountRef.name`,
        `${show(sa)} is not a valid ServiceAccount name`,
        "name the ServiceAccount Vault's role is bound to",
      );
    }
    if (isKnown(kube.mountPath) && !kube.mountPath.startsWith("/")) {
      p.add(
        `${ARGS}.auth.kubernetes.mountPath`,
        `${show(kube.mountPath)} is not an absolute path`,
        'use the full path, e.g. "/v1/auth/kubernetes"',
      );
    }
  }
  p.throwIfAny();
}

/** A cert-manager Vault `ClusterIssuer` (or `Issuer` with `namespace`). */
export class VaultIssuer extends IssuerComponent {
  /** The Pulumi type token of VaultIssuer. */
  public static readonly __pulumiType = "tls-edge:issuers:VaultIssuer";

  /** Whether `obj` is a VaultIssuer, also one made by another loaded copy of tls-edge. */
  public static override isInstance(obj: unknown): obj is VaultIssuer {
    return hasPulumiType(obj, VaultIssuer.__pulumiType);
  }

  /** Vault decides per role; tls-edge assumes it may (allow_glob_domains/allow_wildcard_certificates). */
  public readonly supportsWildcards: boolean;

  constructor(name: string, args: VaultIssuerArgs, opts?: pulumi.ComponentResourceOptions) {
    validateVaultIssuerArgs(args);
    super(VaultIssuer.__pulumiType, name, args, opts);
    args = checkedWhenKnown(args, VAULT_CHECKED, validateVaultIssuerArgs);
    const scope = this.scope;
    this.supportsWildcards = true;

    const dependsOn = [...scope.dependsOn];
    const auth = this.authBlock(name, args, scope, dependsOn);
    const vault = {
      server: args.server,
      path: args.path,
      ...(args.vaultNamespace !== undefined ? { namespace: args.vaultNamespace } : {}),
      ...(args.caBundle !== undefined ? { caBundle: args.caBundle } : {}),
      ...(args.caBundleSecretRef ? { caBundleSecretRef: { ...args.caBundleSecretRef } } : {}),
      auth,
    };
    this.createIssuer({ vault }, dependsOn);

    this.registerOutputs(this.issuerOutputs());
  }

  /** The `auth` block, creating the Secret or ServiceAccount and RBAC it needs. */
  private authBlock(
    name: string,
    args: VaultIssuerArgs,
    scope: IssuerScope,
    dependsOn: pulumi.Resource[],
  ): Record<string, unknown> {
    const ns = scope.secretNamespace;
    const { token, appRole, kubernetes } = args.auth;
    if (token !== undefined) {
      const secretName = `${scope.issuerName}-vault-token`;
      dependsOn.push(
        credentialsSecret(this, `${name}-token`, secretName, ns, { token }, scope.dependsOn),
      );
      return { tokenSecretRef: { name: secretName, key: "token" } };
    }
    if (appRole) {
      const secretName = `${scope.issuerName}-vault-approle`;
      dependsOn.push(
        credentialsSecret(
          this,
          `${name}-approle`,
          secretName,
          ns,
          { secretId: appRole.secretId },
          scope.dependsOn,
        ),
      );
      return {
        appRole: {
          path: appRole.path ?? "approle",
          roleId: appRole.roleId,
          secretRef: { name: secretName, key: "secretId" },
        },
      };
    }
    const kube = kubernetes!;
    const sa = kube.serviceAccountRef.name;
    const opts = { parent: this, dependsOn: scope.dependsOn };
    const account = new k8s.core.v1.ServiceAccount(
      `${name}-sa`,
      { metadata: { name: sa, namespace: ns } },
      opts,
    );
    // cert-manager 1.21's chart no longer lets the controller request tokens: grant it for this account only.
    const role = new k8s.rbac.v1.Role(
      `${name}-token-role`,
      {
        metadata: { name: `${scope.issuerName}-vault-token`, namespace: ns },
        rules: [
          {
            apiGroups: [""],
            resources: ["serviceaccounts/token"],
            resourceNames: [sa],
            verbs: ["create"],
          },
        ],
      },
      opts,
    );
    const binding = new k8s.rbac.v1.RoleBinding(
      `${name}-token-binding`,
      {
        metadata: { name: `${scope.issuerName}-vault-token`, namespace: ns },
        roleRef: {
          apiGroup: "rbac.authorization.k8s.io",
          kind: "Role",
          name: `${scope.issuerName}-vault-token`,
        },
        subjects: [
          {
            kind: "ServiceAccount",
            name: CERT_MANAGER_RELEASE,
            namespace: args.certManager?.namespace ?? DEFAULT_CERT_MANAGER_NAMESPACE,
          },
        ],
      },
      { ...opts, dependsOn: [...scope.dependsOn, role] },
    );
    dependsOn.push(account, role, binding);
    return {
      kubernetes: {
        role: kube.role,
        mountPath: kube.mountPath ?? "/v1/auth/kubernetes",
        serviceAccountRef: {
          name: sa,
          ...(kube.serviceAccountRef.audiences
            ? { audiences: [...kube.serviceAccountRef.audiences] }
            : {}),
        },
      },
    };
  }
}
