/**
 * Linkerd's policy CRDs have no kubernetes-models package: their published schemas (in
 * `linkerd-crds.ts`) are compiled here with ajv into validators with the kubernetes-models
 * contract: `validate.call(object)` throws an error carrying ajv's `.errors`.
 *
 * The CRD schema becomes JSON Schema the way the API server reads it: objects without
 * `x-kubernetes-preserve-unknown-fields` get `additionalProperties: false` (the API server
 * prunes or, with strict field validation, rejects unknown fields); int-or-string becomes a
 * choice of the two. Preserved objects get `propertyNames: {type: "string"}`, which accepts any
 * key but makes ajv visit each one, so the strict check's field tracking sees them as known.
 */
import Ajv, { type ValidateFunction } from "ajv";
import { LINKERD_CRD_SCHEMAS, type CrdSchema } from "./linkerd-crds";

type Validate = (this: unknown) => void;
type JsonSchema = Record<string, unknown>;

/** The parts of ObjectMeta a client sets; the API server validates metadata itself. */
const OBJECT_META: JsonSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    name: { type: "string", maxLength: 253 },
    generateName: { type: "string" },
    namespace: { type: "string", maxLength: 63 },
    labels: { type: "object", additionalProperties: { type: "string" } },
    annotations: { type: "object", additionalProperties: { type: "string" } },
    finalizers: { type: "array", items: { type: "string" } },
  },
};

/** A CRD structural schema as JSON Schema with unknown fields rejected. */
export function toJsonSchema(node: CrdSchema): JsonSchema {
  const out: JsonSchema = {};
  if (node["x-kubernetes-int-or-string"]) {
    out["anyOf"] = [{ type: "integer" }, { type: "string" }];
  } else if (node.type) {
    out["type"] = node.type;
  }
  const copied = ["required", "enum", "pattern", "maxLength", "minLength"] as const;
  const bounds = ["minItems", "maxItems", "minimum", "maximum", "maxProperties"] as const;
  for (const key of [...copied, ...bounds]) {
    if (node[key] !== undefined) out[key] = node[key];
  }
  if (node.oneOf) out["oneOf"] = node.oneOf.map(toJsonSchema);
  // int-or-string already reads as a choice of the two.
  if (node.anyOf && !node["x-kubernetes-int-or-string"])
    out["anyOf"] = node.anyOf.map(toJsonSchema);
  if (node.allOf) out["allOf"] = node.allOf.map(toJsonSchema);
  if (node.items) out["items"] = toJsonSchema(node.items);
  if (node.properties) {
    out["properties"] = Object.fromEntries(
      Object.entries(node.properties).map(([k, v]) => [k, toJsonSchema(v)]),
    );
  }
  if (node.type === "object") {
    if (node["x-kubernetes-preserve-unknown-fields"]) out["propertyNames"] = { type: "string" };
    else if (typeof node.additionalProperties === "object")
      out["additionalProperties"] = toJsonSchema(node.additionalProperties);
    else out["additionalProperties"] = false;
  }
  return out;
}

/** The whole object: apiVersion, kind, metadata, then the CRD's own schema. */
export function objectSchema(apiVersion: string, kind: string, crd: CrdSchema): JsonSchema {
  const body = toJsonSchema(crd);
  return {
    ...body,
    required: ["apiVersion", "kind", ...((body["required"] as string[] | undefined) ?? [])],
    properties: {
      apiVersion: { const: apiVersion },
      kind: { const: kind },
      metadata: OBJECT_META,
      ...(body["properties"] as JsonSchema),
    },
  };
}

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

/** A validator for a Linkerd kind, or undefined when the kind is not a known Linkerd CRD. */
export function linkerdValidator(apiVersion: string, kind: string): Validate | undefined {
  const key = `${apiVersion}/${kind}`;
  const crd = LINKERD_CRD_SCHEMAS[key];
  if (!crd) return undefined;
  let fn = compiled.get(key);
  if (!fn) {
    ajv ??= new Ajv({ allErrors: true, strict: false });
    fn = ajv.compile(objectSchema(apiVersion, kind, crd));
    compiled.set(key, fn);
  }
  const check = fn;
  return function (this: unknown): void {
    if (!check(this)) {
      const error = new Error(`${key} does not match its CRD schema`) as Error & {
        errors: unknown;
      };
      error.errors = check.errors;
      throw error;
    }
  };
}
