/**
 * Which stack a policy runs in. CrossGuard passes rules no stack name, but every URN carries it
 * (`urn:pulumi:<stack>::<project>::...`); a stack tag, when set, says it outright.
 */
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

/** Stack tag naming the environment: `pulumi stack tag set tls-edge:environment production`. */
export const ENVIRONMENT_TAG = "tls-edge:environment";

/** Tag values that mean production. */
const PRODUCTION_TAG_VALUES = new Set(["production", "prod"]);

/** Default production stack names; `*` matches any run of characters. */
export const DEFAULT_PRODUCTION_STACKS: readonly string[] = ["prod", "production", "prod-*"];

/** The `productionStacks` setting shared by the rules that only apply in production. */
export const productionStacksSchema: PolicyConfigJSONSchema = {
  type: "array",
  items: { type: "string" },
  default: [...DEFAULT_PRODUCTION_STACKS],
  description: "Stack names (glob `*`) that are production when the stack has no environment tag",
};

/** The stack name out of a resource URN. */
export function stackOfUrn(urn: string): string {
  const rest = urn.startsWith("urn:pulumi:") ? urn.slice(11) : urn;
  const end = rest.indexOf("::");
  return end < 0 ? rest : rest.slice(0, end);
}

function globMatch(pattern: string, value: string): boolean {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`).test(value);
}

/**
 * Production when the `tls-edge:environment` tag says so; without the tag, when the stack name
 * matches one of `productionStacks`.
 */
export function isProduction(
  stack: string,
  tags: ReadonlyMap<string, string>,
  productionStacks: readonly string[] = DEFAULT_PRODUCTION_STACKS,
): boolean {
  const tag = tags.get(ENVIRONMENT_TAG);
  if (tag !== undefined) return PRODUCTION_TAG_VALUES.has(tag.trim().toLowerCase());
  return productionStacks.some((p) => globMatch(p, stack));
}
