/**
 * CertManager given Outputs: replica counts are checked once known with the construction-time
 * messages (render and policy fail), and the HA settings follow the counts as they do for plain
 * ones, as the real chart renders them; other arguments given as Outputs are refused.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { UPSTREAM_CHARTS, helmTemplate, requireHelm } from "../helpers/helm";
import { failsOnceKnown, runCase } from "../helpers/offline-cli";
import { settle, useMocks } from "../helpers/mocks";

const engine = useMocks();
const PROGRAM = join(__dirname, "output-args-program.ts");

describe("CertManager arguments known only at deployment", () => {
  const failing: [string, string][] = [
    [
      "replicas-output-0",
      "CertManagerArgs.replicas: 0 is not a whole number of at least 1; run at least 1 controller replica (2 or 3 for high availability)\nCertManagerArgs.webhookReplicas: 0 is not a whole number of at least 1; run at least 1 webhook replica (2 or 3 for high availability)\nCertManagerArgs.cainjectorReplicas: 0 is not a whole number of at least 1; run at least 1 cainjector replica (2 or 3 for high availability)",
    ],
    [
      "webhook-replicas-output-1-budget",
      "CertManagerArgs.webhookReplicas: 1 webhook replica with podDisruptionBudget enabled blocks every node drain; set webhookReplicas to 2 or more, or turn podDisruptionBudget off",
    ],
  ];
  failsOnceKnown(PROGRAM, failing);

  it("renders budgets and zone spread for 2 replicas given as an Output, as for plain 2", (t) => {
    const helm = requireHelm(t);
    if (!helm) return;
    const run = runCase(PROGRAM, "replicas-output-2", "render");
    assert.equal(run.status, 0, run.stderr);
    const release = run.resources!.find((r) => r.type === "kubernetes:helm.sh/v3:Release");
    const { values } = release!.inputs as { values: unknown };
    const objects = helmTemplate(helm, UPSTREAM_CHARTS.certManager, values, {
      namespace: "cert-manager",
      releaseName: "cert-manager",
    });
    const budgets = objects.filter((o) => o.kind === "PodDisruptionBudget");
    assert.deepEqual(budgets.map((b) => [b.metadata.name, b.spec.minAvailable]).sort(), [
      ["cert-manager", 1],
      ["cert-manager-cainjector", 1],
      ["cert-manager-webhook", 1],
    ]);
    for (const d of objects.filter((o) => o.kind === "Deployment")) {
      assert.equal(d.spec.replicas, 2, d.metadata.name);
      assert.equal(
        d.spec.template.spec.topologySpreadConstraints?.[0]?.topologyKey,
        "topology.kubernetes.io/zone",
        d.metadata.name,
      );
    }
  });
});

describe("CertManager arguments that must be plain", () => {
  it("refuses a namespace given as an Output before registering anything", async () => {
    const pulumi = await import("@pulumi/pulumi");
    const { CertManager } = await import("../../components/cert-manager.js");
    const before = engine.resources.length;
    assert.throws(
      () => new CertManager("cm", { namespace: pulumi.output("certs") as unknown as string }),
      {
        message:
          "CertManagerArgs.namespace: is an Output (or a Promise), where a plain value is needed; pass it as a plain value: issuers read the namespace, and the objects made are decided from it, at construction",
      },
    );
    await settle();
    assert.equal(engine.resources.length, before);
  });
});
