/**
 * Route53 credentials for cert-manager's DNS-01 solver: a least-privilege IAM policy for the
 * given hosted zones, and one way for cert-manager to use it (IRSA, EKS Pod Identity, a role in
 * another account, or an access key in a Secret).
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CERT_MANAGER_SERVICE_ACCOUNT, resolveDns01Scope, type Dns01Scope } from "./scope";
import {
  hostedZoneIdOf,
  irsaTrustPolicy,
  podIdentityTrustPolicy,
  route53PolicyDocument,
} from "./route53-policy";
import {
  validateRoute53Dns01Args,
  type Route53AccessKeyCredentials,
  type Route53Dns01Args,
  type Route53IrsaCredentials,
  type Route53PodIdentityCredentials,
} from "./route53-args";
import type { AcmeDns01Solver, Dns01SolverProvider } from "./solver";
import { hasPulumiType } from "../lib/instance";

/** The Route53 `dns01` solver with credentials, as a `Dns01SolverProvider`. */
export class Route53Dns01 extends pulumi.ComponentResource implements Dns01SolverProvider {
  /** The Pulumi type token of Route53Dns01. */
  public static readonly __pulumiType = "tls-edge:dns01:Route53Dns01";

  /** Whether `obj` is a Route53Dns01, also one made by another loaded copy of tls-edge. */
  public static override isInstance(obj: unknown): obj is Route53Dns01 {
    return hasPulumiType(obj, Route53Dns01.__pulumiType);
  }

  public readonly solver: pulumi.Output<AcmeDns01Solver>;
  public readonly dnsZones: readonly string[];
  public readonly readyResources: readonly pulumi.Resource[];
  /** The least-privilege policy JSON (attach it to the role in `assumeRole` mode). */
  public readonly policyDocument: pulumi.Output<string>;
  /** The IAM policy created here; undefined in `assumeRole` mode. */
  public readonly policyArn?: pulumi.Output<string>;
  /** The role cert-manager uses (created for irsa/podIdentity, given for assumeRole). */
  public readonly roleArn?: pulumi.Output<string>;
  /** For `CertManagerArgs.serviceAccountAnnotations` (ambient IRSA); empty otherwise. */
  public readonly serviceAccountAnnotations: pulumi.Output<Record<string, string>>;
  /** Access key secret (accessKey mode), always a Pulumi secret. */
  public readonly secretAccessKey?: pulumi.Output<string>;
  /** The Secret cert-manager reads (accessKey mode). */
  public readonly credentialsSecretName?: string;

  constructor(name: string, args: Route53Dns01Args, opts?: pulumi.ComponentResourceOptions) {
    validateRoute53Dns01Args(args);
    super(Route53Dns01.__pulumiType, name, {}, opts);
    const scope = resolveDns01Scope(args);
    const c = args.credentials;
    this.dnsZones = [...args.dnsZones];

    const partition: pulumi.Output<string> = args.partition
      ? pulumi.output(args.partition)
      : aws.getPartitionOutput({}, { parent: this }).partition;
    const zoneIds = pulumi.all([...args.hostedZoneIds]).apply((ids) => ids.map(hostedZoneIdOf));
    const pinned = args.hostedZoneIds.length === 1;
    this.policyDocument = pulumi
      .all([partition, zoneIds])
      .apply(([part, ids]) => route53PolicyDocument(part, ids, !pinned));

    const ready: pulumi.Resource[] = [];
    let solverCredentials: pulumi.Input<Record<string, unknown>>;
    let annotations: pulumi.Input<Record<string, string>> = {};

    if (c.mode !== "assumeRole") {
      const policy = new aws.iam.Policy(
        `${name}-policy`,
        {
          description: `cert-manager DNS-01 (TXT records only) for ${args.dnsZones.join(", ")}`,
          policy: this.policyDocument,
        },
        { parent: this },
      );
      this.policyArn = policy.arn;
      if (c.mode === "accessKey") {
        const made = this.accessKey(name, c, scope, policy);
        ready.push(...made.ready);
        solverCredentials = made.solver;
        this.secretAccessKey = made.secretAccessKey;
        this.credentialsSecretName = made.secretName;
      } else {
        const made = this.role(name, c, scope, policy);
        ready.push(...made.ready);
        this.roleArn = made.roleArn;
        solverCredentials = made.solver;
        annotations = made.annotations;
      }
    } else {
      this.roleArn = pulumi.output(c.roleArn);
      solverCredentials = { role: c.roleArn };
    }

    this.readyResources = ready;
    this.serviceAccountAnnotations = pulumi.output(annotations);
    const firstZone = args.hostedZoneIds[0];
    const zone = pinned && firstZone !== undefined ? firstZone : "";
    // The ready resources' URNs ride along so an issuer using the solver depends on them.
    const readyUrns = pulumi.all(ready.map((r) => r.urn));
    this.solver = pulumi
      .all([args.region, zone, pulumi.output(solverCredentials), readyUrns])
      .apply(([region, hostedZone, creds]): AcmeDns01Solver => ({
        dns01: {
          route53: {
            region,
            ...(hostedZone ? { hostedZoneID: hostedZoneIdOf(hostedZone) } : {}),
            ...(creds as Record<string, unknown>),
          },
        },
        dnsZones: [...args.dnsZones],
      }));

    this.registerOutputs({
      solver: this.solver,
      dnsZones: this.dnsZones,
      readyResources: this.readyResources,
      policyDocument: this.policyDocument,
      policyArn: this.policyArn,
      roleArn: this.roleArn,
      serviceAccountAnnotations: this.serviceAccountAnnotations,
      secretAccessKey: this.secretAccessKey,
      credentialsSecretName: this.credentialsSecretName,
    });
  }

  /** IRSA or Pod Identity: a role with the policy, trusted by the cluster. */
  private role(
    name: string,
    c: Route53IrsaCredentials | Route53PodIdentityCredentials,
    scope: Dns01Scope,
    policy: aws.iam.Policy,
  ) {
    const dedicated = c.mode === "irsa" ? c.serviceAccountRef : undefined;
    const saNamespace = dedicated ? scope.secretNamespace : scope.controllerNamespace;
    const saName = dedicated ?? CERT_MANAGER_SERVICE_ACCOUNT;
    const trust =
      c.mode === "irsa"
        ? pulumi.output(c.oidcProviderArn).apply((arn) => irsaTrustPolicy(arn, saNamespace, saName))
        : pulumi.output(podIdentityTrustPolicy());
    const role = new aws.iam.Role(`${name}-role`, { assumeRolePolicy: trust }, { parent: this });
    const attachment = new aws.iam.RolePolicyAttachment(
      `${name}-role-policy`,
      { role: role.name, policyArn: policy.arn },
      { parent: this },
    );
    const ready: pulumi.Resource[] = [role, attachment];
    if (c.mode === "podIdentity") {
      ready.push(
        new aws.eks.PodIdentityAssociation(
          `${name}-pod-identity`,
          {
            clusterName: c.clusterName,
            namespace: saNamespace,
            serviceAccount: saName,
            roleArn: role.arn,
          },
          { parent: this, dependsOn: [attachment] },
        ),
      );
      return { ready, roleArn: role.arn, solver: {}, annotations: {} };
    }
    if (!dedicated) {
      const annotations = role.arn.apply((arn) => ({ "eks.amazonaws.com/role-arn": arn }));
      return { ready, roleArn: role.arn, solver: {}, annotations };
    }
    ready.push(...this.tokenRequestRbac(name, dedicated, scope));
    const solver = role.arn.apply((arn) => ({
      role: arn,
      auth: { kubernetes: { serviceAccountRef: { name: dedicated } } },
    }));
    return { ready, roleArn: role.arn, solver, annotations: {} };
  }

  /** The dedicated ServiceAccount and the Role letting cert-manager request its tokens. */
  private tokenRequestRbac(name: string, saName: string, scope: Dns01Scope): pulumi.Resource[] {
    const opts = { parent: this, dependsOn: scope.dependsOn };
    const metadata = { name: saName, namespace: scope.secretNamespace };
    const sa = new k8s.core.v1.ServiceAccount(`${name}-service-account`, { metadata }, opts);
    const role = new k8s.rbac.v1.Role(
      `${name}-token-role`,
      {
        metadata: { name: `${saName}-tokenrequest`, namespace: scope.secretNamespace },
        rules: [
          {
            apiGroups: [""],
            resources: ["serviceaccounts/token"],
            resourceNames: [saName],
            verbs: ["create"],
          },
        ],
      },
      opts,
    );
    const binding = new k8s.rbac.v1.RoleBinding(
      `${name}-token-binding`,
      {
        metadata: { name: `${saName}-tokenrequest`, namespace: scope.secretNamespace },
        roleRef: {
          apiGroup: "rbac.authorization.k8s.io",
          kind: "Role",
          name: `${saName}-tokenrequest`,
        },
        subjects: [
          {
            kind: "ServiceAccount",
            name: CERT_MANAGER_SERVICE_ACCOUNT,
            namespace: scope.controllerNamespace,
          },
        ],
      },
      { ...opts, dependsOn: [...scope.dependsOn, role] },
    );
    return [sa, role, binding];
  }

  /** A user with the policy, an access key, and the Secret cert-manager reads it from. */
  private accessKey(
    name: string,
    c: Route53AccessKeyCredentials,
    scope: Dns01Scope,
    policy: aws.iam.Policy,
  ) {
    const user = new aws.iam.User(`${name}-user`, {}, { parent: this });
    const attachment = new aws.iam.UserPolicyAttachment(
      `${name}-user-policy`,
      { user: user.name, policyArn: policy.arn },
      { parent: this },
    );
    const key = new aws.iam.AccessKey(`${name}-access-key`, { user: user.name }, { parent: this });
    const secretAccessKey = pulumi.secret(key.secret);
    const secretName = c.secretName ?? `${name}-route53`;
    const secret = new k8s.core.v1.Secret(
      `${name}-credentials`,
      {
        metadata: { name: secretName, namespace: scope.secretNamespace },
        type: "Opaque",
        // Per key, so the key names stay visible in previews while the values stay secret.
        stringData: {
          "access-key-id": pulumi.secret(key.id),
          "secret-access-key": secretAccessKey,
        },
      },
      { parent: this, dependsOn: [...scope.dependsOn, attachment] },
    );
    const solver = {
      accessKeyIDSecretRef: { name: secretName, key: "access-key-id" },
      secretAccessKeySecretRef: { name: secretName, key: "secret-access-key" },
    };
    return { ready: [attachment, secret], solver, secretAccessKey, secretName };
  }
}
