/**
 * Validators from the upstream CRDs read in place in ../shared/upstream: the Traefik chart's
 * `crds/` (traefik.io) and Gateway API v1.5.1 `config/crd/standard`. Each served version's
 * `openAPIV3Schema` becomes JSON Schema the way `linkerd-schemas.ts` builds it (unknown fields
 * rejected), with the kubernetes-models contract: `validate.call(object)` throws an error
 * carrying ajv's `.errors`. CEL rules (`x-kubernetes-validations`) are not evaluated.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import { parseAllDocuments } from "yaml";
import { UPSTREAM, UPSTREAM_CHARTS } from "./helm";
import type { CrdSchema } from "./linkerd-crds";
import { objectSchema } from "./linkerd-schemas";

type Validate = (this: unknown) => void;

/** CRD folders by API group. */
export const UPSTREAM_CRD_DIRS: Readonly<Record<string, string>> = {
  "traefik.io": join(UPSTREAM_CHARTS.traefik, "crds"),
  "gateway.networking.k8s.io": join(UPSTREAM, "gateway-api-v1.5.1/config/crd/standard"),
};

interface Crd {
  spec: {
    group: string;
    names: { kind: string };
    versions: { name: string; served: boolean; schema?: { openAPIV3Schema: CrdSchema } }[];
  };
}

let schemas: Map<string, CrdSchema> | undefined;

/** `<apiVersion>/<kind>` → openAPIV3Schema of every served version in the folders. */
function load(): Map<string, CrdSchema> {
  const found = new Map<string, CrdSchema>();
  for (const dir of Object.values(UPSTREAM_CRD_DIRS)) {
    if (!existsSync(dir)) throw new Error(`the upstream CRDs are missing at ${dir}`);
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml"))) {
      for (const doc of parseAllDocuments(readFileSync(join(dir, file), "utf8"))) {
        const crd = doc.toJS() as Partial<Crd> & { kind?: string };
        if ((crd as { kind?: string }).kind !== "CustomResourceDefinition" || !crd.spec) continue;
        for (const v of crd.spec.versions) {
          if (v.served && v.schema)
            found.set(
              `${crd.spec.group}/${v.name}/${crd.spec.names.kind}`,
              v.schema.openAPIV3Schema,
            );
        }
      }
    }
  }
  return found;
}

/** The upstream openAPIV3Schema of a kind, or undefined when no folder here defines it. */
export function upstreamCrdSchema(apiVersion: string, kind: string): CrdSchema | undefined {
  const group = apiVersion.split("/")[0]!;
  if (!apiVersion.includes("/") || !(group in UPSTREAM_CRD_DIRS)) return undefined;
  schemas ??= load();
  return schemas.get(`${apiVersion}/${kind}`);
}

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

/** A validator for a kind defined by an upstream CRD folder, or undefined. */
export function upstreamCrdValidator(apiVersion: string, kind: string): Validate | undefined {
  const crd = upstreamCrdSchema(apiVersion, kind);
  if (!crd) return undefined;
  const key = `${apiVersion}/${kind}`;
  let fn = compiled.get(key);
  if (!fn) {
    ajv ??= new Ajv({ allErrors: true, strict: false, validateFormats: false });
    // The CRD's `metadata` is a bare object; ObjectMeta is checked the way objectSchema does.
    const { metadata: _metadata, ...properties } = crd.properties ?? {};
    fn = ajv.compile(objectSchema(apiVersion, kind, { ...crd, properties }));
    compiled.set(key, fn);
  }
  const check = fn;
  return function (this: unknown): void {
    if (!check(this)) {
      const error = new Error(
        `${key} does not match its upstream CRD schema: ${JSON.stringify(check.errors)}`,
      ) as Error & {
        errors: unknown;
      };
      error.errors = check.errors;
      throw error;
    }
  };
}
