/**
 * Validation against an upstream CRD's own `openAPIV3Schema` (read in place from
 * ../shared/upstream), for API versions newer than the kubernetes-models packages know. Unknown
 * fields are rejected where the schema lists properties and does not preserve unknown fields,
 * as the API server's strict field validation does. CEL rules (`x-kubernetes-validations`) are
 * not evaluated.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { parseAllDocuments } from "yaml";
import { UPSTREAM } from "./helm";

/** The Gateway API v1.5.1 standard-channel CRDs. */
export const GATEWAY_API_STANDARD_CRDS = join(UPSTREAM, "gateway-api-v1.5.1/config/crd/standard");

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = Record<string, any>;

/** Every CustomResourceDefinition in a folder's YAML files. */
export function crdsIn(dir: string): Schema[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), "utf8")).map((d) => d.toJS()))
    .filter((o: Schema | null) => o?.["kind"] === "CustomResourceDefinition") as Schema[];
}

function closeObjects(schema: Schema): Schema {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (schema === null || typeof schema !== "object") return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) out[k] = closeObjects(v as Schema);
  if (
    out["properties"] &&
    out["additionalProperties"] === undefined &&
    !out["x-kubernetes-preserve-unknown-fields"]
  ) {
    out["additionalProperties"] = false;
  }
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const compiled = new Map<string, ValidateFunction>();

function validatorFor(crds: readonly Schema[], apiVersion: string, kind: string): ValidateFunction {
  const key = `${apiVersion}/${kind}`;
  const found = compiled.get(key);
  if (found) return found;
  const [group, version] = apiVersion.split("/");
  const crd = crds.find((c) => c["spec"].group === group && c["spec"].names.kind === kind);
  const served = crd?.["spec"].versions.find((v: Schema) => v["name"] === version && v["served"]);
  if (!served) throw new Error(`no served CRD version for ${apiVersion} ${kind}`);
  const validate = ajv.compile(closeObjects(served["schema"].openAPIV3Schema as Schema));
  compiled.set(key, validate);
  return validate;
}

/** Problems of one object against the served version of its CRD; empty when it passes. */
export function crdSchemaProblems(crds: readonly Schema[], obj: Schema): string[] {
  const validate = validatorFor(crds, obj["apiVersion"] as string, obj["kind"] as string);
  const name = `${obj["kind"]}/${obj["metadata"]?.name}`;
  const valid: boolean = validate(obj);
  if (valid) return [];
  return (validate.errors ?? []).map(
    (e: ErrorObject) =>
      `${name}: ${e.instancePath || "(root)"} ${e.message} ${JSON.stringify(e.params)}`,
  );
}
