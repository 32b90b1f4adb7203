import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks, checkAll, inputsOf, settle } from "../helpers/mocks";
import { assertSecretOutputs } from "../helpers/secrets";
import { isSecretValue } from "../../cli/offline/engine-wire";

// An offline "up": provider-computed values (role ARNs, the access key) are placeholders.
const engine = useMocks({ preview: false });

const ZONE_A = "Z0123456789ABCDEFGHIJ";
const ZONE_B = "Z1D633PJN98FT9";
const OIDC =
  "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
const ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
// Route53's condition keys as AWS documents them (Route53 developer guide, "Using IAM policy
// conditions for fine-grained access control"): names normalized lower case without the
// trailing dot; the two actions cert-manager's solver sends (UPSERT to present, DELETE to clean up).
const DNS01_CONDITION = {
  "ForAllValues:StringEquals": {
    "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"],
    "route53:ChangeResourceRecordSetsActions": ["UPSERT", "DELETE"],
  },
  "ForAllValues:StringLike": {
    "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["_acme-challenge.*"],
  },
};

type M = typeof import("../../components/index.js");

function value<T>(output: { apply(f: (v: T) => void): unknown }): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}
function childTypes(urn: string): string[] {
  // Registration order is asynchronous: compare as sorted sets.
  return engine
    .childrenOf(urn)
    .map((r) => `${r.type} ${r.name}`)
    .sort();
}
function parsed(name: string, key: string): unknown {
  return JSON.parse(inputsOf(engine, name)[key] as string);
}

describe("Route53Dns01", () => {
  let m: M;
  let irsa: InstanceType<M["Route53Dns01"]>;
  let dedicated: InstanceType<M["Route53Dns01"]>;
  let pod: InstanceType<M["Route53Dns01"]>;
  let cross: InstanceType<M["Route53Dns01"]>;
  let keyed: InstanceType<M["Route53Dns01"]>;

  before(async () => {
    m = await import("../../components/index.js");
    const k8s = await import("@pulumi/kubernetes");
    irsa = new m.Route53Dns01("irsa", {
      dnsZones: ["example.com"],
      hostedZoneIds: [ZONE_A],
      region: "eu-west-1",
      credentials: { mode: "irsa", oidcProviderArn: OIDC },
    });
    dedicated = new m.Route53Dns01("ded", {
      dnsZones: ["example.com", "example.org"],
      hostedZoneIds: [ZONE_A, `arn:aws-us-gov:route53:::hostedzone/${ZONE_B}`],
      region: "us-gov-west-1",
      partition: "aws-us-gov",
      namespace: "apps",
      credentials: { mode: "irsa", oidcProviderArn: OIDC, serviceAccountRef: "dns01-route53" },
    });
    pod = new m.Route53Dns01("pod", {
      dnsZones: ["example.cn"],
      hostedZoneIds: [ZONE_B],
      region: "cn-north-1",
      partition: "aws-cn",
      credentials: { mode: "podIdentity", clusterName: "prod-eks" },
    });
    cross = new m.Route53Dns01("cross", {
      dnsZones: ["example.net"],
      hostedZoneIds: [ZONE_B],
      region: "us-east-1",
      credentials: { mode: "assumeRole", roleArn: "arn:aws:iam::210987654321:role/dns01" },
    });
    keyed = new m.Route53Dns01("keyed", {
      dnsZones: ["example.com", "example.org"],
      hostedZoneIds: [ZONE_A, ZONE_B],
      region: "eu-west-1",
      credentials: { mode: "accessKey" },
    });
    // A ClusterIssuer using every solver, so the strict cert-manager schema checks them.
    const solvers = [irsa, dedicated, pod, cross, keyed].map((c) =>
      c.solver.apply((s) => ({ dns01: s.dns01, selector: { dnsZones: [...s.dnsZones] } })),
    );
    new k8s.apiextensions.CustomResource("schema-probe", {
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: { name: "probe" },
      spec: {
        acme: {
          server: "https://acme-staging-v02.api.letsencrypt.org/directory",
          privateKeySecretRef: { name: "probe-account" },
          solvers,
        },
      },
    });
    await settle();
  });

  it("passes the strict schema and secrets checks", async () => {
    await checkAll(engine);
  });

  it("irsa: pinned zone policy, web-identity trust for cert-manager, role annotation", async () => {
    const urn = engine.named("irsa").urn;
    assert.equal(engine.named("irsa").type, "tls-edge:dns01:Route53Dns01");
    assert.deepEqual(childTypes(urn), [
      "aws:iam/policy:Policy irsa-policy",
      "aws:iam/role:Role irsa-role",
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment irsa-role-policy",
    ]);
    // partition came from aws.getPartition (the mock answers "aws")
    assert.deepEqual(parsed("irsa-policy", "policy"), {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "route53:GetChange", Resource: "arn:aws:route53:::change/*" },
        {
          Effect: "Allow",
          Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"],
          Resource: [`arn:aws:route53:::hostedzone/${ZONE_A}`],
          Condition: DNS01_CONDITION,
        },
      ],
    });
    assert.equal(
      inputsOf(engine, "irsa-policy")["description"],
      "cert-manager DNS-01 (TXT records only) for example.com",
    );
    assert.deepEqual(parsed("irsa-role", "assumeRolePolicy"), {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: OIDC },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              [`${ISSUER}:sub`]: "system:serviceaccount:cert-manager:cert-manager",
              [`${ISSUER}:aud`]: "sts.amazonaws.com",
            },
          },
        },
      ],
    });
    assert.deepEqual(inputsOf(engine, "irsa-role-policy"), {
      role: "irsa-role",
      policyArn: "arn:aws:iam::123456789012:policy/irsa-policy",
    });
    assert.deepEqual(await value(irsa.solver), {
      dns01: { route53: { region: "eu-west-1", hostedZoneID: ZONE_A } },
      dnsZones: ["example.com"],
    });
    assert.deepEqual(await value(irsa.serviceAccountAnnotations), {
      "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/irsa-role",
    });
    assert.equal(await value(irsa.roleArn!), "arn:aws:iam::123456789012:role/irsa-role");
    assert.deepEqual(irsa.dnsZones, ["example.com"]);
    assert.deepEqual(
      irsa.readyResources.map((r) => r.constructor.name),
      ["Role", "RolePolicyAttachment"],
    );
  });

  it("irsa with serviceAccountRef: GovCloud ARNs, zone lookup, dedicated ServiceAccount and RBAC", async () => {
    const urn = engine.named("ded").urn;
    assert.deepEqual(childTypes(urn), [
      "aws:iam/policy:Policy ded-policy",
      "aws:iam/role:Role ded-role",
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment ded-role-policy",
      "kubernetes:core/v1:ServiceAccount ded-service-account",
      "kubernetes:rbac.authorization.k8s.io/v1:Role ded-token-role",
      "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding ded-token-binding",
    ]);
    assert.deepEqual(parsed("ded-policy", "policy"), {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: "route53:GetChange",
          Resource: "arn:aws-us-gov:route53:::change/*",
        },
        {
          Effect: "Allow",
          Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"],
          Resource: [
            `arn:aws-us-gov:route53:::hostedzone/${ZONE_A}`,
            `arn:aws-us-gov:route53:::hostedzone/${ZONE_B}`,
          ],
          Condition: DNS01_CONDITION,
        },
        { Effect: "Allow", Action: "route53:ListHostedZonesByName", Resource: "*" },
      ],
    });
    const trust = parsed("ded-role", "assumeRolePolicy") as {
      Statement: { Condition: { StringEquals: Record<string, string> } }[];
    };
    assert.deepEqual(trust.Statement[0]!.Condition.StringEquals, {
      [`${ISSUER}:sub`]: "system:serviceaccount:apps:dns01-route53",
      [`${ISSUER}:aud`]: "sts.amazonaws.com",
    });
    assert.deepEqual(inputsOf(engine, "ded-service-account"), {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "dns01-route53", namespace: "apps" },
    });
    assert.deepEqual(inputsOf(engine, "ded-token-role"), {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: "dns01-route53-tokenrequest", namespace: "apps" },
      rules: [
        {
          apiGroups: [""],
          resources: ["serviceaccounts/token"],
          resourceNames: ["dns01-route53"],
          verbs: ["create"],
        },
      ],
    });
    assert.deepEqual(inputsOf(engine, "ded-token-binding"), {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "dns01-route53-tokenrequest", namespace: "apps" },
      roleRef: {
        apiGroup: "rbac.authorization.k8s.io",
        kind: "Role",
        name: "dns01-route53-tokenrequest",
      },
      subjects: [{ kind: "ServiceAccount", name: "cert-manager", namespace: "cert-manager" }],
    });
    assert.deepEqual(await value(dedicated.solver), {
      dns01: {
        route53: {
          region: "us-gov-west-1",
          role: "arn:aws:iam::123456789012:role/ded-role",
          auth: { kubernetes: { serviceAccountRef: { name: "dns01-route53" } } },
        },
      },
      dnsZones: ["example.com", "example.org"],
    });
    assert.deepEqual(await value(dedicated.serviceAccountAnnotations), {});
  });

  it("podIdentity: China partition, pods.eks trust with TagSession, association", async () => {
    assert.deepEqual(childTypes(engine.named("pod").urn), [
      "aws:eks/podIdentityAssociation:PodIdentityAssociation pod-pod-identity",
      "aws:iam/policy:Policy pod-policy",
      "aws:iam/role:Role pod-role",
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment pod-role-policy",
    ]);
    assert.deepEqual(parsed("pod-policy", "policy"), {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "route53:GetChange", Resource: "arn:aws-cn:route53:::change/*" },
        {
          Effect: "Allow",
          Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"],
          Resource: [`arn:aws-cn:route53:::hostedzone/${ZONE_B}`],
          Condition: DNS01_CONDITION,
        },
      ],
    });
    assert.deepEqual(parsed("pod-role", "assumeRolePolicy"), {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "pods.eks.amazonaws.com" },
          Action: ["sts:AssumeRole", "sts:TagSession"],
        },
      ],
    });
    assert.deepEqual(inputsOf(engine, "pod-pod-identity"), {
      clusterName: "prod-eks",
      namespace: "cert-manager",
      serviceAccount: "cert-manager",
      roleArn: "arn:aws:iam::123456789012:role/pod-role",
    });
    const association = engine.named("pod-pod-identity");
    assert.ok(association.dependencies.includes(engine.named("pod-role-policy").urn));
    assert.deepEqual(await value(pod.solver), {
      dns01: { route53: { region: "cn-north-1", hostedZoneID: ZONE_B } },
      dnsZones: ["example.cn"],
    });
  });

  it("assumeRole: no IAM in this account, the role on the solver, the policy for the other account", async () => {
    assert.deepEqual(childTypes(engine.named("cross").urn), []);
    assert.equal(cross.policyArn, undefined);
    assert.deepEqual(await value(cross.solver), {
      dns01: {
        route53: {
          region: "us-east-1",
          hostedZoneID: ZONE_B,
          role: "arn:aws:iam::210987654321:role/dns01",
        },
      },
      dnsZones: ["example.net"],
    });
    assert.deepEqual(JSON.parse(await value(cross.policyDocument)), {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "route53:GetChange", Resource: "arn:aws:route53:::change/*" },
        {
          Effect: "Allow",
          Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"],
          Resource: [`arn:aws:route53:::hostedzone/${ZONE_B}`],
          Condition: DNS01_CONDITION,
        },
      ],
    });
    assert.deepEqual(cross.readyResources, []);
  });

  it("accessKey: user, key and an Opaque Secret whose data is a Pulumi secret", async () => {
    assert.deepEqual(childTypes(engine.named("keyed").urn), [
      "aws:iam/accessKey:AccessKey keyed-access-key",
      "aws:iam/policy:Policy keyed-policy",
      "aws:iam/user:User keyed-user",
      "aws:iam/userPolicyAttachment:UserPolicyAttachment keyed-user-policy",
      "kubernetes:core/v1:Secret keyed-credentials",
    ]);
    const policy = parsed("keyed-policy", "policy") as { Statement: unknown[] };
    assert.deepEqual(policy.Statement[2], {
      Effect: "Allow",
      Action: "route53:ListHostedZonesByName",
      Resource: "*",
    });
    assert.deepEqual(inputsOf(engine, "keyed-user-policy"), {
      user: "keyed-user",
      policyArn: "arn:aws:iam::123456789012:policy/keyed-policy",
    });
    assert.deepEqual(inputsOf(engine, "keyed-access-key"), { user: "keyed-user" });
    const secret = engine.named("keyed-credentials");
    assert.ok(
      isSecretValue(secret.inputs["stringData"]),
      "stringData must reach the engine as a secret",
    );
    const revealed = inputsOf(engine, "keyed-credentials");
    assert.deepEqual(revealed["metadata"], { name: "keyed-route53", namespace: "cert-manager" });
    assert.equal(revealed["type"], "Opaque");
    const data = revealed["stringData"] as Record<string, string>;
    assert.deepEqual(Object.keys(data).sort(), ["access-key-id", "secret-access-key"]);
    assert.equal(
      data["secret-access-key"],
      "offline placeholder secret access key for keyed-access-key",
    );
    await assertSecretOutputs(keyed, ["secretAccessKey"]);
    assert.equal(keyed.credentialsSecretName, "keyed-route53");
    assert.deepEqual(await value(keyed.solver), {
      dns01: {
        route53: {
          region: "eu-west-1",
          accessKeyIDSecretRef: { name: "keyed-route53", key: "access-key-id" },
          secretAccessKeySecretRef: { name: "keyed-route53", key: "secret-access-key" },
        },
      },
      dnsZones: ["example.com", "example.org"],
    });
  });

  it("an issuer using the solver depends on the credentials", () => {
    const probe = engine.named("schema-probe");
    for (const name of ["keyed-credentials", "ded-token-binding", "pod-pod-identity"]) {
      assert.ok(probe.dependencies.includes(engine.named(name).urn), name);
    }
  });
});
