/**
 * The Kubernetes provider's `kubernetes:yaml:decode` function, which `k8s.yaml.ConfigFile` and
 * `k8s.yaml.ConfigGroup` (v1) call to turn YAML text into objects before they register each one
 * as a child resource. Done here as the provider does it (decodeYaml in
 * provider/pkg/provider/invoke_decode_yaml.go): every document of a multi-document text in
 * order, YAML 1.1 as Kubernetes' decoder reads it, documents without a kind or an apiVersion
 * (empty ones, comments only) skipped. Lists stay Lists: the SDK flattens them itself.
 */
import { parseAllDocuments } from "yaml";

export const YAML_DECODE = "kubernetes:yaml:decode";

// Kubernetes' decoder (sigs.k8s.io/yaml on go-yaml v2) keeps timestamps as strings.
const TIMESTAMP = "tag:yaml.org,2002:timestamp";

function nonEmptyString(value: unknown): boolean {
  return typeof value === "string" && value.length > 0;
}

/** The objects of a YAML text, as the provider's decode function returns them. */
export function decodeYaml(text: unknown): Record<string, unknown>[] {
  if (typeof text !== "string") {
    throw new Error(`${YAML_DECODE}: missing required field 'text' of type string`);
  }
  const objects: Record<string, unknown>[] = [];
  const documents = parseAllDocuments(text, {
    version: "1.1",
    customTags: (tags) => tags.filter((t) => typeof t === "string" || t.tag !== TIMESTAMP),
  });
  for (const [i, doc] of Array.from(documents).entries()) {
    const error = doc.errors[0];
    if (error) throw new Error(`${YAML_DECODE}: document ${i + 1}: ${error.message}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== "object" || Array.isArray(value)) {
      throw new Error(
        `${YAML_DECODE}: document ${i + 1} is not a map: a Kubernetes object is a map with apiVersion and kind`,
      );
    }
    const object = value as Record<string, unknown>;
    // unstructured's GetKind/GetAPIVersion read strings only.
    if (!nonEmptyString(object["kind"]) || !nonEmptyString(object["apiVersion"])) continue;
    objects.push(object);
  }
  return objects;
}
