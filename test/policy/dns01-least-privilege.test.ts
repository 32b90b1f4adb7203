import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import type * as awsTypes from "@pulumi/aws";
import { useMocks } from "../helpers/mocks";
import { scenario, violationsOf, messagesOf } from "./support";
import { route53PolicyDocument } from "../../components/dns01/route53-policy";

const engine = useMocks({ stack: "dev" });

const ZONE = "arn:aws:route53:::hostedzone/Z0123456789ABC";
const FIX =
  'Fix: grant route53:ChangeResourceRecordSets only on arn:aws:route53:::hostedzone/<id> with the conditions ForAllValues:StringEquals route53:ChangeResourceRecordSetsRecordTypes ["TXT"] and route53:ChangeResourceRecordSetsActions ["UPSERT", "DELETE"], and ForAllValues:StringLike route53:ChangeResourceRecordSetsNormalizedRecordNames ["_acme-challenge.*"]; name actions instead of wildcards.';
const NAMES = "route53:ChangeResourceRecordSetsNormalizedRecordNames";
const ACTIONS = "route53:ChangeResourceRecordSetsActions";

/** The conditions as AWS documents them, one changed key at a time in the failing cases. */
const conditions = (
  equals: Record<string, unknown> = {},
  like: Record<string, unknown> = {},
): Record<string, unknown> => ({
  "ForAllValues:StringEquals": {
    "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"],
    [ACTIONS]: ["UPSERT", "DELETE"],
    ...equals,
  },
  "ForAllValues:StringLike": { [NAMES]: ["_acme-challenge.*"], ...like },
});

const change = (overrides: Record<string, unknown> = {}): awsTypes.iam.PolicyStatement =>
  ({
    Effect: "Allow",
    Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"],
    Resource: [ZONE],
    Condition: conditions(),
    ...overrides,
  }) as awsTypes.iam.PolicyStatement;

describe("dns01-least-privilege", () => {
  let aws: typeof import("@pulumi/aws");
  let cloudflare: typeof import("@pulumi/cloudflare");
  before(async () => {
    aws = await import("@pulumi/aws");
    cloudflare = await import("@pulumi/cloudflare");
  });

  const policy = (statement: awsTypes.iam.PolicyStatement) =>
    new aws.iam.Policy("dns01", {
      policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }),
    });

  it("passes cert-manager's documented policy (as the Route53 component writes it)", async () => {
    const resources = await scenario(engine, () => {
      new aws.iam.Policy("dns01", {
        policy: route53PolicyDocument("aws", ["Z0123456789ABC"], true),
      });
      new aws.iam.RolePolicy("inline", {
        role: "cert-manager",
        policy: { Version: "2012-10-17", Statement: [change()] },
      });
    });
    assert.deepEqual(await violationsOf(resources, "dns01-least-privilege"), []);
  });

  it("fails changes on every zone", async () => {
    const resources = await scenario(engine, () => void policy(change({ Resource: "*" })));
    assert.deepEqual(await violationsOf(resources, "dns01-least-privilege"), [
      {
        policy: "dns01-least-privilege",
        enforcementLevel: "mandatory",
        severity: "critical",
        resource: "dns01",
        type: "aws:iam/policy:Policy",
        message: `Policy dns01: Statement[0] allows route53:ChangeResourceRecordSets on "*" instead of hosted-zone ARNs. ${FIX}`,
      },
    ]);
  });

  it("fails changes not limited to TXT records (object document on a UserPolicy)", async () => {
    const resources = await scenario(engine, () => {
      new aws.iam.UserPolicy("dns01", {
        user: "cert-manager",
        policy: { Version: "2012-10-17", Statement: [change({ Condition: undefined })] },
      });
    });
    assert.deepEqual(await messagesOf(resources, "dns01-least-privilege"), [
      `UserPolicy dns01: Statement[0] does not limit route53:ChangeResourceRecordSets to TXT records. ${FIX}`,
      `UserPolicy dns01: Statement[0] does not limit route53:ChangeResourceRecordSets to _acme-challenge.* record names. ${FIX}`,
      `UserPolicy dns01: Statement[0] does not limit route53:ChangeResourceRecordSets to the UPSERT and DELETE actions. ${FIX}`,
    ]);
  });

  const NAMES_PROBLEM = `Policy dns01: Statement[0] does not limit route53:ChangeResourceRecordSets to _acme-challenge.* record names. ${FIX}`;
  const ACTIONS_PROBLEM = `Policy dns01: Statement[0] does not limit route53:ChangeResourceRecordSets to the UPSERT and DELETE actions. ${FIX}`;
  for (const [what, condition, expected] of [
    [
      "record names not limited (TXT only, cert-manager's older policy)",
      {
        "ForAllValues:StringEquals": {
          "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"],
          [ACTIONS]: ["UPSERT", "DELETE"],
        },
      },
      [NAMES_PROBLEM],
    ],
    ["every record name", conditions({}, { [NAMES]: ["*"] }), [NAMES_PROBLEM]],
    [
      "a name outside _acme-challenge",
      conditions({}, { [NAMES]: ["_acme-challenge.*", "www.example.com"] }),
      [NAMES_PROBLEM],
    ],
    [
      "the bare _acme-challenge. prefix",
      conditions({}, { [NAMES]: "_acme-challenge." }),
      [NAMES_PROBLEM],
    ],
    ["actions not limited", conditions({ [ACTIONS]: undefined }), [ACTIONS_PROBLEM]],
    [
      "CREATE besides UPSERT and DELETE",
      conditions({ [ACTIONS]: ["CREATE", "UPSERT", "DELETE"] }),
      [ACTIONS_PROBLEM],
    ],
  ] as const) {
    it(`fails ${what}`, async () => {
      const resources = await scenario(engine, () => void policy(change({ Condition: condition })));
      assert.deepEqual(await messagesOf(resources, "dns01-least-privilege"), expected);
    });
  }

  it("passes exact challenge names (StringEquals) and DELETE alone", async () => {
    const resources = await scenario(engine, () => {
      policy(
        change({
          Condition: conditions(
            { [NAMES]: ["_acme-challenge.www.example.com"], [ACTIONS]: ["DELETE"] },
            { [NAMES]: undefined },
          ),
        }),
      );
    });
    assert.deepEqual(await violationsOf(resources, "dns01-least-privilege"), []);
  });

  for (const action of ["route53:*", "*", "route53:Change*"]) {
    it(`fails a grant of ${action}`, async () => {
      const resources = await scenario(engine, () => void policy(change({ Action: action })));
      assert.deepEqual(await messagesOf(resources, "dns01-least-privilege"), [
        `Policy dns01: Statement[0] grants "${action}". ${FIX}`,
      ]);
    });
  }

  it("reports a policy document unknown at preview", async () => {
    const resources = await scenario(engine, () => {
      const role = new aws.iam.Role("role", { assumeRolePolicy: "{}" });
      new aws.iam.RolePolicy("dns01", {
        role: role.name,
        policy: role.arn.apply((arn) =>
          JSON.stringify({ Version: "2012-10-17", Statement: [change({ Resource: arn })] }),
        ),
      });
    });
    const messages = await messagesOf(resources, "dns01-least-privilege");
    assert.equal(messages.length, 1);
    assert.match(messages[0]!, /^cannot verify the IAM policy document of dns01 at preview/);
  });

  const token = (ids: string[]) =>
    new cloudflare.ApiToken("dns01", {
      name: "cert-manager",
      policies: [
        {
          effect: "allow",
          permissionGroups: ids.map((id) => ({ id })),
          resources: JSON.stringify({ "com.cloudflare.api.account.zone.*": "*" }),
        },
      ],
    });

  it("allows Cloudflare DNS edit and zone read only", async () => {
    const good = await scenario(
      engine,
      () => void token(["4755a26eedb94da69e1066d98aa820be", "c8fed203ed3043cba015a93ad1616f1f"]),
    );
    assert.deepEqual(await violationsOf(good, "dns01-least-privilege"), []);
    // e6d2666161e84845a636613608cee8d5 is "Zone Write".
    const bad = await scenario(
      engine,
      () => void token(["4755a26eedb94da69e1066d98aa820be", "e6d2666161e84845a636613608cee8d5"]),
    );
    assert.deepEqual(await violationsOf(bad, "dns01-least-privilege"), [
      {
        policy: "dns01-least-privilege",
        enforcementLevel: "mandatory",
        severity: "critical",
        resource: "dns01",
        type: "cloudflare:index/apiToken:ApiToken",
        message:
          'ApiToken dns01 policies[0].permissionGroups[1] grants permission group "e6d2666161e84845a636613608cee8d5", beyond DNS edit and zone read. Fix: keep only DNS Write (4755a26eedb94da69e1066d98aa820be), Zone Read (c8fed203ed3043cba015a93ad1616f1f), DNS Read (82e64a83756745bbbb1c9c2701bf816b).',
      },
    ]);
  });
});
