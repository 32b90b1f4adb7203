import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StackValidationPolicy, ResourceValidationPolicy } from "@pulumi/policy";
import { useMocks } from "../helpers/mocks";
import { evaluate } from "../../policy/evaluate";
import { scenario } from "./support";

const engine = useMocks({ stack: "dev" });

describe("evaluate (how the engine calls rules)", () => {
  let k8s: typeof import("@pulumi/kubernetes");
  let pulumi: typeof import("@pulumi/pulumi");
  before(async () => {
    k8s = await import("@pulumi/kubernetes");
    pulumi = await import("@pulumi/pulumi");
  });

  it("gives resource rules unwrapped secrets, schema defaults, stack tags and type checks", async () => {
    const resources = await scenario(engine, () => {
      new k8s.core.v1.Secret("s", {
        metadata: { name: "s" },
        type: "kubernetes.io/tls",
        stringData: pulumi.secret({ "tls.crt": "c", "tls.key": "k" }),
      });
    });
    const seen: unknown[] = [];
    const probe: ResourceValidationPolicy = {
      name: "probe",
      description: "records its arguments",
      configSchema: {
        properties: { window: { type: "number", default: 15 }, other: { type: "string" } },
      },
      validateResource: (args) => {
        seen.push([
          args.type,
          args.name,
          args.urn,
          args.props["stringData"]["tls.key"],
          args.getConfig(),
          args.stackTags.get("team"),
          args.isType(k8s.core.v1.Secret),
          args.isType(k8s.core.v1.ConfigMap),
          args.asType(k8s.core.v1.Secret)?.type,
        ]);
        args.notApplicable("only probing");
      },
    };
    const result = await evaluate(resources, {
      stack: "staging",
      stackTags: { team: "edge" },
      config: { probe: { other: "x" } },
      policies: [probe],
    });
    assert.deepEqual(result.violations, []);
    assert.deepEqual(seen, [
      [
        "kubernetes:core/v1:Secret",
        "s",
        "urn:pulumi:staging::tls-edge::kubernetes:core/v1:Secret::s",
        "k",
        { window: 15, other: "x" },
        "edge",
        true,
        false,
        "kubernetes.io/tls",
      ],
    ]);
  });

  it("turns an unknown the rule did not handle into an advisory note, as the engine does", async () => {
    const aws = await import("@pulumi/aws");
    const resources = await scenario(engine, () => {
      const role = new aws.iam.Role("role", { assumeRolePolicy: "{}" });
      new aws.iam.RolePolicy("inline", { role: "r", policy: role.arn });
    });
    const careless: StackValidationPolicy = {
      name: "careless",
      description: "reads an unknown",
      enforcementLevel: "mandatory",
      validateStack: (args) => {
        const inline = args.resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy")!;
        void inline.props["policy"].length;
      },
    };
    const { violations } = await evaluate(resources, { stack: "dev", policies: [careless] });
    assert.deepEqual(violations, [
      {
        policy: "careless",
        enforcementLevel: "advisory",
        severity: "medium",
        resource: "(stack)",
        type: "pulumi:pulumi:Stack",
        message:
          "can't run policy 'careless' during preview: string value at .policy can't be known during preview",
      },
    ]);
  });

  it("gives stack rules parents and dependencies, and decodes ConfigFile files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tls-edge-eval-"));
    writeFileSync(
      join(dir, "cm.yaml"),
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n---\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: two\n",
    );
    const resources = await scenario(engine, () => {
      const file = new k8s.yaml.v2.ConfigFile("files", { file: "cm.yaml" });
      new k8s.core.v1.ConfigMap("after", { metadata: { name: "after" } }, { dependsOn: [file] });
    });
    let shape: unknown;
    const graph: StackValidationPolicy = {
      name: "graph",
      description: "records the resource graph",
      validateStack: (args) => {
        shape = args.resources.map((r) => [
          r.name,
          r.type,
          r.parent?.name,
          r.dependencies.map((d) => d.name),
        ]);
      },
    };
    const result = await evaluate(resources, { stack: "dev", policies: [graph], baseDir: dir });
    assert.equal(result.resourceCount, 4);
    assert.deepEqual(
      (shape as unknown[][]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      [
        ["after", "kubernetes:core/v1:ConfigMap", undefined, ["files"]],
        ["core/ConfigMap/one", "kubernetes:core/v1:ConfigMap", "files", ["files"]],
        ["core/ConfigMap/two", "kubernetes:core/v1:ConfigMap", "files", ["files"]],
        ["files", "kubernetes:yaml/v2:ConfigFile", undefined, []],
      ],
    );
  });

  it("skips disabled rules and applies an 'all' level", async () => {
    const resources = await scenario(engine, () => {
      new k8s.networking.v1.Ingress("web", {
        metadata: { name: "web" },
        spec: { rules: [{ host: "a.example.com" }] },
      });
    });
    const off = await evaluate(resources, { stack: "dev", config: { "tls-required": "disabled" } });
    assert.deepEqual(
      off.violations.filter((v) => v.policy === "tls-required"),
      [],
    );
    const advisory = await evaluate(resources, { stack: "dev", config: { all: "advisory" } });
    assert.deepEqual(
      advisory.violations.map((v) => [v.policy, v.enforcementLevel]),
      [["tls-required", "advisory"]],
    );
  });

  it("refuses a config the rules' schemas reject before any rule runs, as the engine does", async () => {
    const resources = await scenario(engine, () => {
      new k8s.core.v1.ConfigMap("c", { metadata: { name: "c" } });
    });
    await assert.rejects(
      evaluate(resources, {
        stack: "prod",
        config: { "high-availability": { productionStacks: "prod" } },
      }),
      (err: Error & { problems?: unknown }) => {
        assert.equal(err.name, "PolicyConfigError");
        assert.deepEqual(err.problems, [
          {
            policy: "high-availability",
            key: "productionStacks",
            message:
              'high-availability.productionStacks: "prod" must be array (Stack names (glob `*`) that are production when the stack has no environment tag; default ["prod","production","prod-*"])',
          },
        ]);
        return true;
      },
    );
    // Names and settings no rule declares are ignored, as by the engine.
    const lenient = await evaluate(resources, {
      stack: "prod",
      config: { "no-such-rule": "advisory", certificates: { other: 1, alertWindowDays: 20 } },
    });
    assert.deepEqual(lenient.violations, []);
  });
});
