/**
 * `tls-edge render <stack>` writes what the engine would apply; this applies it to a real
 * kube-apiserver (test/cluster/control-plane.ts) holding only its own namespaces and the
 * upstream CRDs, the way the Kubernetes provider does (server-side apply, in the order the
 * render records), and reads every object back. Run with `npm run test:cluster`, which builds
 * etcd and kube-apiserver first.
 *
 * The charts (cert-manager, Traefik) are not installed: their Helm releases are not in
 * manifests.yaml, and nothing here would run their pods. So there is no cert-manager webhook
 * either: the CRDs' schemas and the API server's own validation and admission decide.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseAllDocuments } from "yaml";
import {
  ControlPlane,
  SYSTEM_NAMESPACES,
  controlPlaneSkip,
  statusMessage,
  type KubeObject,
} from "./control-plane";
import { installCrds, readCrds, upstreamCrdFiles } from "./crds";
import { readStackConfig } from "../../cli/offline/run";
import { externalNamespaces, parseStackConfig } from "../../stacks/config";

const REPO = resolve(__dirname, "../..");
const CLI = join(REPO, "bin/tls-edge.js");
const STACKS = ["dev", "staging", "prod", "lab"] as const;

/** manifests.yaml of a fresh render, in file order (the render writes dependency order). */
function renderManifests(stack: string): KubeObject[] {
  const out = mkdtempSync(join(tmpdir(), "tls-edge-render-"));
  try {
    const run = spawnSync(process.execPath, [CLI, "render", stack, "--out", out], {
      cwd: REPO,
      encoding: "utf8",
    });
    assert.equal(run.status, 0, `tls-edge render ${stack} failed:\n${run.stdout}${run.stderr}`);
    return parseAllDocuments(readFileSync(join(out, stack, "manifests.yaml"), "utf8"))
      .map((d) => d.toJS() as KubeObject | null)
      .filter((o): o is KubeObject => o !== null);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const label = (o: KubeObject) => {
  const ns = o["metadata"]?.["namespace"];
  return `${o["kind"]} ${ns ? `${ns}/` : ""}${o["metadata"]?.["name"]}`;
};
const show = (v: unknown) => (v === undefined ? "(unset)" : JSON.stringify(v));

/**
 * Where the stored object differs from what was sent, field by field: every field sent must be
 * stored as sent (the server may add defaults and status beside them, not change them).
 */
function differences(sent: unknown, stored: unknown, path: string): string[] {
  if (Array.isArray(sent)) {
    if (!Array.isArray(stored) || stored.length !== sent.length) {
      return [`${path}: sent ${show(sent)}, stored ${show(stored)}`];
    }
    return sent.flatMap((v, i) => differences(v, stored[i], `${path}[${i}]`));
  }
  if (sent !== null && typeof sent === "object") {
    if (stored === null || typeof stored !== "object" || Array.isArray(stored)) {
      return [`${path}: sent ${show(sent)}, stored ${show(stored)}`];
    }
    const s = stored as Record<string, unknown>;
    return Object.entries(sent).flatMap(([k, v]) =>
      k === "metadata" ? metadataDifferences(v, s[k], path) : differences(v, s[k], `${path}.${k}`),
    );
  }
  return sent === stored ? [] : [`${path}: sent ${show(sent)}, stored ${show(stored)}`];
}

/**
 * ObjectMeta is a typed struct whose `labels` and `annotations` are `omitempty` maps
 * (k8s.io/apimachinery/pkg/apis/meta/v1/types.go): an empty map sets nothing, and the API
 * server stores none, in custom resources too. Everything else in metadata must match.
 */
function metadataDifferences(sent: unknown, stored: unknown, path: string): string[] {
  if (sent === null || typeof sent !== "object" || Array.isArray(sent)) {
    return differences(sent, stored, `${path}.metadata`);
  }
  const isEmptyMap = (v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0;
  const meaningful = Object.fromEntries(
    Object.entries(sent).filter(
      ([k, v]) => !(["labels", "annotations"].includes(k) && isEmptyMap(v)),
    ),
  );
  return differences(meaningful, stored, `${path}.metadata`);
}

/** A Secret's write-only `stringData` is stored base64-encoded in `data`: compare it there. */
function asStored(sent: KubeObject, stored: KubeObject): KubeObject {
  if (sent["kind"] !== "Secret" || sent["apiVersion"] !== "v1" || !stored["data"]) return stored;
  const decoded = Object.fromEntries(
    Object.entries(stored["data"] as Record<string, string>).map(([k, v]) => [
      k,
      Buffer.from(v, "base64").toString("utf8"),
    ]),
  );
  return { ...stored, stringData: decoded };
}

/** The namespaces `stack`'s config names as owned by other systems. */
function declaredExternalNamespaces(stack: string): string[] {
  const { config, secretKeys } = readStackConfig(
    join(REPO, "stacks", `Pulumi.${stack}.yaml`),
    "tls-edge",
  );
  // Read as a preview reads it: a secret the stack file lacks (lab's TSIG secret) is no error.
  return externalNamespaces(parseStackConfig(stack, config, secretKeys, { preview: true })).map(
    (e) => e.name,
  );
}

describe("tls-edge render applies to a real kube-apiserver", { skip: controlPlaneSkip() }, () => {
  const crds = readCrds(upstreamCrdFiles());

  for (const stack of STACKS) {
    it(`${stack}: every rendered object is accepted and stored as sent`, async (t) => {
      const objects = renderManifests(stack);
      assert.ok(objects.length > 0, `tls-edge render ${stack} wrote no objects`);

      const plane = await ControlPlane.start();
      t.after(() => plane.stop());
      const { client } = plane;
      const namespaces = (await client.list("/api/v1/namespaces")).map(
        (n) => n["metadata"]["name"],
      );
      assert.deepEqual(namespaces.sort(), SYSTEM_NAMESPACES, "a fresh API server");
      await installCrds(client, crds);
      // Namespaces the stack declares as another system's (Istio's root, the monitoring
      // stack's) exist before it runs, as that system would have made them; the stack reads them.
      for (const ns of declaredExternalNamespaces(stack)) {
        const res = await client.apply({
          apiVersion: "v1",
          kind: "Namespace",
          metadata: { name: ns },
        } as KubeObject);
        assert.ok(res.status < 300, `creating external namespace ${ns}: ${statusMessage(res)}`);
      }

      const rejected: string[] = [];
      const changed: string[] = [];
      for (const o of objects) {
        let path: string;
        try {
          path = await client.objectPath(o);
        } catch (err) {
          rejected.push(`${label(o)}: ${(err as Error).message}`);
          continue;
        }
        const res = await client.apply(o);
        if (res.status >= 300) {
          rejected.push(`${label(o)}: ${res.status} ${statusMessage(res)}`);
          continue;
        }
        const stored = await client.get(path);
        changed.push(...differences(o, asStored(o, stored), label(o)));
      }
      assert.deepEqual(
        { rejected, changed },
        { rejected: [], changed: [] },
        `${stack}: the API server refused or changed rendered objects`,
      );
    });
  }
});
