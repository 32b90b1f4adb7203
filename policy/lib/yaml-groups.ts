/**
 * YAML groups (`k8s.yaml.v2.ConfigFile` / `ConfigGroup`): under mocks and to policies they are
 * single resources whose inputs hold `yaml`, `objs`, `file` or `files`. Decoding them gives one
 * resource per object, named `<group>/<kind>/<name>` (group `core` for v1), parented to the group.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseAllDocuments } from "yaml";
import { GATEWAY_API } from "../../components/known";

export const YAML_GROUPS = new Set([
  "kubernetes:yaml/v2:ConfigGroup",
  "kubernetes:yaml/v2:ConfigFile",
]);

/**
 * Upstream releases of CRDs only, which no rule inspects: offline they are left unread rather
 * than fetched (a real preview sees what the provider expands).
 */
const UPSTREAM_CRD_BUNDLES = new Set<string>([GATEWAY_API.standardInstall]);

/** The engine's sentinel for an unknown value. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A resource as evaluate hands it to rules. */
export interface GroupMember {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly parent?: string;
  props: Record<string, unknown>;
  readonly dependencies: readonly string[];
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

/** The objects a YAML group holds: its `objs`, its `yaml` text and its `files`. */
function yamlObjects(props: Record<string, unknown>, baseDir: string): unknown[] {
  const texts: string[] = [];
  const yaml = props["yaml"];
  if (typeof yaml === "string") texts.push(yaml);
  if (Array.isArray(yaml)) texts.push(...yaml.filter((y): y is string => typeof y === "string"));
  const files = [props["file"], ...(Array.isArray(props["files"]) ? props["files"] : [])];
  for (const file of files) {
    if (typeof file !== "string" || file === UNKNOWN || UPSTREAM_CRD_BUNDLES.has(file)) continue;
    if (/^https?:\/\//.test(file)) {
      throw new Error(`cannot read ${file} offline; vendor the file into the repository`);
    }
    texts.push(readFileSync(resolve(baseDir, file), "utf8"));
  }
  const objects: unknown[] = Array.isArray(props["objs"]) ? [...props["objs"]] : [];
  for (const text of texts) {
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) throw new Error(`invalid YAML: ${doc.errors[0]!.message}`);
      const value = doc.toJS() as unknown;
      if (value !== null && value !== undefined) objects.push(value);
    }
  }
  // `kind: List` holds its objects under `items`.
  return objects.flatMap((o) => {
    const r = o as Record<string, unknown>;
    return r && r["kind"] === "List" && Array.isArray(r["items"]) ? r["items"] : [o];
  });
}

/** Decodes a YAML group into one resource per object, named `<group>/<kind>/<name>`. */
export function expandYamlGroup(group: GroupMember, baseDir: string): GroupMember[] {
  const out: GroupMember[] = [];
  for (const raw of yamlObjects(group.props, baseDir)) {
    if (!raw || typeof raw !== "object") continue;
    const obj = raw as Record<string, unknown>;
    const apiVersion = typeof obj["apiVersion"] === "string" ? obj["apiVersion"] : "";
    const kind = typeof obj["kind"] === "string" ? obj["kind"] : "";
    const meta = (obj["metadata"] ?? {}) as Record<string, unknown>;
    const objName = typeof meta["name"] === "string" ? meta["name"] : "";
    const slash = apiVersion.indexOf("/");
    const groupName = slash < 0 ? "core" : apiVersion.slice(0, slash);
    const type = `kubernetes:${slash < 0 ? `core/${apiVersion}` : apiVersion}:${kind}`;
    const name = `${groupName}/${kind}/${objName}`;
    const [prefix] = group.urn.split(`::${group.name}`);
    out.push({
      type,
      name,
      urn: `${prefix}$${type}::${name}`,
      parent: group.urn,
      props: obj,
      dependencies: [group.urn],
      propertyDependencies: {},
    });
  }
  return out;
}
