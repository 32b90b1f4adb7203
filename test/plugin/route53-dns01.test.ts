/**
 * The plugin's Route53Dns01: the credential modes flat (a `mode` and the fields of every mode).
 * Each mode registers what the library component registers given the same credentials as its
 * discriminated union (and hands an issuer the same solver); a field of another mode, a missing
 * one, or a bad value is refused by the plugin's field name before anything is registered.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks, checkAll } from "../helpers/mocks";
import { assertSecretOutputs } from "../helpers/secrets";
import { assertRefused, assertTwins } from "./twins";
import type { Route53Credentials } from "../../components/dns01";

// An offline "up": provider-computed values (role ARNs, the access key) are placeholders.
const engine = useMocks({ preview: false });

const ZONE = "Z0123456789ABCDEFGHIJ";
const OIDC =
  "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
const ROLE = "arn:aws:iam::210987654321:role/dns01";
const SCOPE = { dnsZones: ["example.com"], hostedZoneIds: [ZONE], region: "eu-west-1" };

type Lib = typeof import("../../components/index.js");
type Plugin = typeof import("../../plugin/index.js");
type PluginArgs = import("../../plugin/index.js").Route53Dns01Args;

describe("plugin Route53Dns01", () => {
  let lib: Lib;
  let plugin: Plugin;
  before(async () => {
    lib = await import("../../components/index.js");
    plugin = await import("../../plugin/index.js");
  });

  /**
   * Holds the plugin's flat credentials to the library's union for one mode, each with an issuer
   * using it; returns what they register and the plugin component.
   */
  async function twins(
    credentials: Route53Credentials,
    namespace?: string,
  ): Promise<[string[], InstanceType<Plugin["Route53Dns01"]>]> {
    const placed = namespace === undefined ? {} : { namespace };
    const issuer = { server: "https://acme.example.com/directory", ...placed };
    let dns!: InstanceType<Plugin["Route53Dns01"]>;
    const { mode, ...fields } = credentials;
    const kinds = await assertTwins(
      engine,
      () => {
        dns = new plugin.Route53Dns01("r53", {
          ...SCOPE,
          dnsZones: [...SCOPE.dnsZones],
          hostedZoneIds: [...SCOPE.hostedZoneIds],
          ...placed,
          mode,
          ...fields,
        });
        new plugin.AcmeIssuer("acme", { ...issuer, dns01: ["r53"] });
      },
      () => {
        const dns = new lib.Route53Dns01("r53", { ...SCOPE, ...placed, credentials });
        new lib.AcmeIssuer("acme", { ...issuer, dns01: [dns] });
      },
    );
    await checkAll(engine);
    return [kinds, dns];
  }

  it("irsa with a dedicated ServiceAccount: the same role, RBAC and solver", async () => {
    const [kinds] = await twins(
      { mode: "irsa", oidcProviderArn: OIDC, serviceAccountRef: "dns01-route53" },
      "apps",
    );
    assert.ok(kinds.includes("kubernetes:core/v1:ServiceAccount r53-service-account"));
    assert.ok(kinds.includes("aws:iam/role:Role r53-role"));
  });

  it("podIdentity: the same role and association", async () => {
    const [kinds] = await twins({ mode: "podIdentity", clusterName: "prod" });
    assert.ok(
      kinds.includes("aws:eks/podIdentityAssociation:PodIdentityAssociation r53-pod-identity"),
    );
  });

  it("assumeRole: nothing but the issuer's solver", async () => {
    const [kinds, dns] = await twins({ mode: "assumeRole", roleArn: ROLE });
    assert.ok(kinds.includes("kubernetes:cert-manager.io/v1:ClusterIssuer acme-issuer"));
    assert.equal(dns.policyArn, undefined);
  });

  it("accessKey: the same user, key and Secret, the key secret", async () => {
    const [kinds, dns] = await twins({ mode: "accessKey", secretName: "r53-keys" });
    assert.ok(kinds.includes("aws:iam/accessKey:AccessKey r53-access-key"));
    await assertSecretOutputs(dns, ["secretAccessKey"]);
    assert.equal(dns.credentialsSecretName, "r53-keys");
  });

  /** The plugin component with the common scope and these credential fields. */
  function flat(fields: Omit<PluginArgs, "dnsZones" | "hostedZoneIds" | "region">) {
    return () =>
      new plugin.Route53Dns01("bad-r53", {
        ...SCOPE,
        dnsZones: [...SCOPE.dnsZones],
        hostedZoneIds: [ZONE],
        ...fields,
      });
  }

  it("refuses fields of another mode and a missing one, by the plugin's field names", async () => {
    await assertRefused(
      engine,
      flat({
        mode: "irsa",
        roleArn: ROLE,
        secretName: "keys",
      }),
      [
        'Route53Dns01Args.roleArn: is only used with mode "assumeRole", and mode is "irsa"; drop roleArn, or set mode: "assumeRole"',
        'Route53Dns01Args.secretName: is only used with mode "accessKey", and mode is "irsa"; drop secretName, or set mode: "accessKey"',
        'Route53Dns01Args.oidcProviderArn: mode "irsa" needs it; give the cluster\'s IAM OIDC provider ARN, e.g. "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE"',
      ].join("\n"),
    );
  });

  it("refuses a mode it does not know", async () => {
    await assertRefused(
      engine,
      flat({
        mode: "instanceProfile" as "irsa",
      }),
      'Route53Dns01Args.mode: "instanceProfile" is not a credential mode; use one of "irsa", "podIdentity", "assumeRole", "accessKey"',
    );
  });

  it("names the library's problems by the plugin's fields", async () => {
    await assertRefused(
      engine,
      flat({
        namespace: "apps",
        mode: "irsa",
        oidcProviderArn: "arn:aws:iam::123456789012:role/not-oidc",
      }),
      [
        'Route53Dns01Args.mode: "irsa" gives cert-manager ambient credentials, which a namespaced Issuer does not use; omit namespace to serve a ClusterIssuer, or set serviceAccountRef',
        'Route53Dns01Args.oidcProviderArn: "arn:aws:iam::123456789012:role/not-oidc" is not an IAM OIDC provider ARN; give the cluster\'s provider, e.g. "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE"',
      ].join("\n"),
    );
  });
});
