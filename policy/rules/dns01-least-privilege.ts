/**
 * dns01-least-privilege: DNS-01 credentials can change only what ACME needs. An IAM policy that
 * grants `route53:ChangeResourceRecordSets` scopes it to hosted-zone ARNs, to TXT records named
 * `_acme-challenge.*` and to the UPSERT and DELETE actions; nothing grants `route53:*` or `*`.
 * Cloudflare API tokens carry only DNS edit and zone read.
 * @see https://cert-manager.io/docs/configuration/acme/dns01/route53/
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/specifying-rrset-conditions.html
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { CLOUDFLARE_DNS01_PERMISSIONS, ROUTE53_DNS01_CHANGES } from "../../components/known";
import { isRecord, whenKnown, list, rec, str } from "../lib/read";

/** Inline or managed IAM policy resources and the input holding the document. */
const IAM_POLICY_TYPES = new Set([
  "aws:iam/policy:Policy",
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/userPolicy:UserPolicy",
  "aws:iam/groupPolicy:GroupPolicy",
]);

/** Cloudflare permission groups a DNS-01 token may hold, id to name. */
export const CLOUDFLARE_DNS01_PERMISSION_GROUPS: Readonly<Record<string, string>> =
  Object.fromEntries(Object.values(CLOUDFLARE_DNS01_PERMISSIONS).map((g) => [g.id, g.name]));

const CHANGE = "route53:changeresourcerecordsets";
const NAMES_KEY = "route53:ChangeResourceRecordSetsNormalizedRecordNames";
const ACTIONS_KEY = "route53:ChangeResourceRecordSetsActions";
const HOSTED_ZONE_ARN = /^arn:aws(-cn|-us-gov)?:route53:::hostedzone\/[A-Z0-9]+$/;

function globMatches(pattern: string, action: string): boolean {
  const re = pattern
    .toLowerCase()
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${re}$`).test(action);
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** Problems with one Allow statement. */
function statementProblems(statement: Record<string, unknown>, index: number): string[] {
  if (statement["Effect"] !== "Allow") return [];
  const where = `Statement[${index}]`;
  if (statement["NotAction"] !== undefined) {
    return [`${where} allows NotAction, which grants every other action including Route53 changes`];
  }
  const actions = asList(statement["Action"]).filter((a): a is string => typeof a === "string");
  const broad = actions.filter((a) => a.includes("*") && globMatches(a, CHANGE));
  if (broad.length > 0) return [`${where} grants ${broad.map((a) => `"${a}"`).join(", ")}`];
  if (!actions.some((a) => a.toLowerCase() === CHANGE)) return [];
  const problems: string[] = [];
  const resources = asList(statement["Resource"]);
  const bad = resources.filter((r) => typeof r !== "string" || !HOSTED_ZONE_ARN.test(r));
  if (statement["NotResource"] !== undefined || resources.length === 0 || bad.length > 0) {
    problems.push(
      `${where} allows route53:ChangeResourceRecordSets on ${bad.length > 0 ? bad.map((r) => `"${String(r)}"`).join(", ") : "every resource"} instead of hosted-zone ARNs`,
    );
  }
  const conditions = rec(statement["Condition"]);
  const equals = rec(conditions["ForAllValues:StringEquals"]);
  const types = asList(equals["route53:ChangeResourceRecordSetsRecordTypes"]);
  if (types.length !== 1 || types[0] !== "TXT") {
    problems.push(`${where} does not limit route53:ChangeResourceRecordSets to TXT records`);
  }
  // Exact names (StringEquals) or patterns (StringLike), each under _acme-challenge.
  const names = [
    ...asList(equals[NAMES_KEY]),
    ...asList(rec(conditions["ForAllValues:StringLike"])[NAMES_KEY]),
  ];
  if (
    names.length === 0 ||
    names.some(
      (n) =>
        typeof n !== "string" ||
        !n.startsWith(ROUTE53_DNS01_CHANGES.recordNamePrefix) ||
        n.length === ROUTE53_DNS01_CHANGES.recordNamePrefix.length,
    )
  ) {
    problems.push(
      `${where} does not limit route53:ChangeResourceRecordSets to ${ROUTE53_DNS01_CHANGES.recordNamePrefix}* record names`,
    );
  }
  const changes = asList(equals[ACTIONS_KEY]);
  const allowed: readonly unknown[] = ROUTE53_DNS01_CHANGES.actions;
  if (changes.length === 0 || changes.some((a) => !allowed.includes(a))) {
    problems.push(
      `${where} does not limit route53:ChangeResourceRecordSets to the ${allowed.join(" and ")} actions`,
    );
  }
  return problems;
}

function documentProblems(document: unknown): string[] {
  const doc = typeof document === "string" ? (JSON.parse(document) as unknown) : document;
  if (!isRecord(doc)) return ["the policy document is not a JSON object"];
  return asList(doc["Statement"]).flatMap((s, i) => statementProblems(rec(s), i));
}

export const dns01LeastPrivilege: ResourceValidationPolicy = {
  name: "dns01-least-privilege",
  description:
    "Route53 change rights only on named hosted zones and TXT records, never route53:* or *; Cloudflare tokens only DNS edit and zone read.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Use cert-manager's documented Route53 policy (hostedzone ARNs + ForAllValues:StringEquals route53:ChangeResourceRecordSetsRecordTypes [TXT]) with ForAllValues:StringLike route53:ChangeResourceRecordSetsNormalizedRecordNames [_acme-challenge.*] and ForAllValues:StringEquals route53:ChangeResourceRecordSetsActions [UPSERT, DELETE]; give Cloudflare tokens Zone/DNS/Edit and Zone/Zone/Read only.",
  validateResource: (args, reportViolation) => {
    if (IAM_POLICY_TYPES.has(args.type)) {
      const problems = whenKnown(
        () => {
          try {
            return documentProblems(args.props["policy"]);
          } catch (err) {
            if (err instanceof SyntaxError)
              return [`the policy document is not valid JSON (${err.message})`];
            throw err;
          }
        },
        reportViolation,
        `the IAM policy document of ${args.name}`,
      );
      for (const problem of problems ?? []) {
        reportViolation(
          `${args.type.split(":").pop()} ${args.name}: ${problem}. Fix: grant ` +
            `route53:ChangeResourceRecordSets only on arn:aws:route53:::hostedzone/<id> with the ` +
            `conditions ForAllValues:StringEquals route53:ChangeResourceRecordSetsRecordTypes ["TXT"] ` +
            `and route53:ChangeResourceRecordSetsActions ["UPSERT", "DELETE"], and ` +
            `ForAllValues:StringLike route53:ChangeResourceRecordSetsNormalizedRecordNames ` +
            `["_acme-challenge.*"]; name actions instead of wildcards.`,
        );
      }
    } else if (args.type === "cloudflare:index/apiToken:ApiToken") {
      whenKnown(
        () => {
          list(args.props["policies"]).forEach((raw, i) => {
            const policy = rec(raw);
            if (policy["effect"] === "deny") return;
            list(policy["permissionGroups"]).forEach((group, j) => {
              const id = str(rec(group)["id"]) ?? "";
              if (id in CLOUDFLARE_DNS01_PERMISSION_GROUPS) return;
              reportViolation(
                `ApiToken ${args.name} policies[${i}].permissionGroups[${j}] grants permission ` +
                  `group "${id}", beyond DNS edit and zone read. Fix: keep only ` +
                  `${Object.entries(CLOUDFLARE_DNS01_PERMISSION_GROUPS)
                    .map(([k, v]) => `${v} (${k})`)
                    .join(", ")}.`,
              );
            });
          });
        },
        reportViolation,
        `the permission groups of ApiToken ${args.name}`,
      );
    }
  },
};
