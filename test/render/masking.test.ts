/**
 * What render writes must still apply: secrets masked and values known only after deployment
 * marked at the leaf, so maps keep their keys. Checked against the real references: the
 * cert-manager chart's values schema (through helm) and the Kubernetes OpenAPI schema of Secret
 * as kubernetes-models compiles it (a Secret's data must be base64).
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseAllDocuments } from "yaml";
import { settle, startEngine } from "../../cli/offline/engine";
import { maskedObjects } from "../../cli/offline/report";
import type { KubernetesObject } from "../../cli/offline/objects";
import { helmTemplate, requireHelm, UPSTREAM_CHARTS } from "../helpers/helm";

const REPO = resolve(__dirname, "../..");

/** Validates a Secret with the Kubernetes schema, markers included (no leniency for them). */
async function secretProblems(object: KubernetesObject): Promise<string | undefined> {
  const { Secret } = await import("kubernetes-models/v1");
  try {
    new Secret(object as ConstructorParameters<typeof Secret>[0]).validate();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

describe("render masks and marks at the leaf", () => {
  const out = mkdtempSync(join(tmpdir(), "tls-edge-masking-"));
  const rendered: Record<string, { objects: KubernetesObject[]; resources: unknown[] }> = {};
  before(() => {
    for (const stack of ["dev", "staging"]) {
      execFileSync(process.execPath, ["bin/tls-edge.js", "render", stack, "--out", out], {
        cwd: REPO,
      });
      const dir = join(out, stack);
      rendered[stack] = {
        objects: parseAllDocuments(readFileSync(join(dir, "manifests.yaml"), "utf8")).map(
          (d) => d.toJS() as KubernetesObject,
        ),
        resources: JSON.parse(readFileSync(join(dir, "resources.json"), "utf8")) as unknown[],
      };
    }
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it("staging: the cert-manager values pass the chart's values schema, annotations a map", (t) => {
    const helm = requireHelm(t);
    if (!helm) return;
    const release = (
      rendered["staging"]!.resources as Array<{ name: string; inputs: { values: unknown } }>
    ).find((r) => r.name === "cert-manager-release")!;
    const objects = helmTemplate(helm, UPSTREAM_CHARTS.certManager, release.inputs.values, {
      namespace: "cert-manager",
      releaseName: "cert-manager",
      kubeVersion: "1.34.0",
    });
    const account = objects.find(
      (o) => o["kind"] === "ServiceAccount" && o["metadata"]["name"] === "cert-manager",
    );
    assert.deepEqual(account?.["metadata"]["annotations"], {
      "eks.amazonaws.com/role-arn": "(known after deployment)",
    });
  });

  it("dev: the CA Secret keeps every key, each value masked, and passes the Secret schema", async () => {
    const secret = rendered["dev"]!.objects.find((o) => o.kind === "Secret")!;
    assert.deepEqual(secret["stringData"], {
      "ca.crt": "[secret]",
      "tls.crt": "[secret]",
      "tls.key": "[secret]",
    });
    assert.equal(await secretProblems(secret), undefined);
  });

  it("a Secret's masked data stays base64, and lists inside secrets keep their items", async () => {
    const engine = startEngine({ preview: false });
    const pulumi = await import("@pulumi/pulumi");
    const k8s = await import("@pulumi/kubernetes");
    new k8s.core.v1.Secret("opaque", {
      metadata: { name: "opaque", namespace: "default" },
      data: { password: Buffer.from("hunter2").toString("base64"), user: "YWRtaW4=" },
    });
    new k8s.networking.v1.Ingress("hidden-hosts", {
      metadata: { name: "hidden-hosts", namespace: "default" },
      spec: { tls: [{ hosts: pulumi.secret(["a.example.com", "b.example.com"]) }] },
    });
    await settle();
    const [secret, ingress] = maskedObjects(engine);
    const data = secret!["data"] as Record<string, string>;
    assert.deepEqual(Object.keys(data).sort(), ["password", "user"]);
    for (const value of Object.values(data)) {
      assert.equal(Buffer.from(value, "base64").toString(), "[secret]");
    }
    assert.equal(await secretProblems(secret!), undefined);
    assert.deepEqual(ingress!["spec"], { tls: [{ hosts: ["[secret]", "[secret]"] }] });
  });
});
