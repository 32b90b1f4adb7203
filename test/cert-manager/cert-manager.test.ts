import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { useMocks, checkAll, inputsOf, settle } from "../helpers/mocks";

const engine = useMocks();

const RELEASE = "kubernetes:helm.sh/v3:Release";
const GATEWAY_OFF = {
  apiVersion: "controller.config.cert-manager.io/v1alpha1",
  kind: "ControllerConfiguration",
  gatewayAPI: { enabled: false },
};

describe("CertManager", () => {
  let cm: typeof import("../../components/cert-manager.js");
  let known: typeof import("../../components/known.js");
  before(async () => {
    cm = await import("../../components/cert-manager.js");
    known = await import("../../components/known.js");
  });

  it("installs the pinned chart with CRDs into its own namespace (default values)", async () => {
    const c = new cm.CertManager("cm");
    await checkAll(engine);
    const component = engine.named("cm");
    assert.equal(component.type, "tls-edge:cert-manager:CertManager");
    const ns = engine.named("cm-namespace");
    assert.equal(ns.type, "kubernetes:core/v1:Namespace");
    assert.equal(ns.parent, component.urn);
    assert.deepEqual(inputsOf(engine, "cm-namespace")["metadata"], { name: "cert-manager" });

    const release = engine.named("cm-release");
    assert.equal(release.type, RELEASE);
    assert.equal(release.parent, component.urn);
    assert.ok(release.dependencies.includes(ns.urn), "the release waits for its namespace");
    const inputs = inputsOf(engine, "cm-release");
    assert.equal(inputs["name"], "cert-manager");
    assert.equal(inputs["chart"], "cert-manager");
    assert.equal(inputs["version"], known.CHARTS.certManager.version);
    assert.match(known.CHARTS.certManager.version, /^v1\.21\.\d+$/);
    assert.deepEqual(inputs["repositoryOpts"], { repo: "https://charts.jetstack.io" });
    assert.equal(inputs["namespace"], "cert-manager");
    assert.equal(inputs["skipAwait"], false);
    assert.deepEqual(inputs["values"], {
      crds: { enabled: true, keep: true },
      replicaCount: 1,
      extraArgs: [],
      config: GATEWAY_OFF,
      prometheus: { enabled: true, servicemonitor: { enabled: false, honorLabels: true } },
      webhook: { replicaCount: 1 },
      cainjector: { replicaCount: 1 },
    });
    assert.equal(c.namespace, "cert-manager");
    assert.equal(c.clusterResourceNamespace, "cert-manager");
    assert.deepEqual(c.ready, [c.release]);
  });

  it("keeps the release's former name `<name>-chart` as an alias, so stacks keep their release", async () => {
    const c = new cm.CertManager("cm");
    await checkAll(engine);
    // The SDK resolves `aliases` into URNs on the resource; mocks do not see them otherwise.
    const aliases = (c.release as unknown as { __aliases: pulumi.Input<string>[] }).__aliases;
    const urns = await Promise.all(
      aliases.map((a) => new Promise((r) => pulumi.output(a).apply(r))),
    );
    assert.deepEqual(urns, [
      `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::tls-edge:cert-manager:CertManager$kubernetes:helm.sh/v3:Release::cm-chart`,
    ]);
  });

  it("runs highly available with PDBs, zone spread, metrics, Gateway API and IRSA", async () => {
    new cm.CertManager("ha", {
      namespace: "certs",
      replicas: 3,
      webhookReplicas: 2,
      serviceMonitor: true,
      gatewayApi: true,
      serviceAccountAnnotations: {
        "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/cert-manager",
      },
      issuerAmbientCredentials: true,
      clusterIssuerAmbientCredentials: false,
      keepCrds: false,
    });
    await checkAll(engine);
    const spread = (component: string) => [
      {
        maxSkew: 1,
        topologyKey: "topology.kubernetes.io/zone",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: {
          matchLabels: {
            "app.kubernetes.io/instance": "cert-manager",
            "app.kubernetes.io/component": component,
          },
        },
      },
    ];
    const pdb = { enabled: true, minAvailable: 1 };
    assert.deepEqual(inputsOf(engine, "ha-namespace")["metadata"], { name: "certs" });
    const inputs = inputsOf(engine, "ha-release");
    assert.equal(inputs["namespace"], "certs");
    assert.deepEqual(inputs["values"], {
      crds: { enabled: true, keep: false },
      replicaCount: 3,
      podDisruptionBudget: pdb,
      topologySpreadConstraints: spread("controller"),
      extraArgs: ["--issuer-ambient-credentials", "--cluster-issuer-ambient-credentials=false"],
      serviceAccount: {
        annotations: {
          "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/cert-manager",
        },
      },
      config: { ...GATEWAY_OFF, gatewayAPI: { enabled: true } },
      prometheus: { enabled: true, servicemonitor: { enabled: true, honorLabels: true } },
      webhook: {
        replicaCount: 2,
        podDisruptionBudget: pdb,
        topologySpreadConstraints: spread("webhook"),
      },
      cainjector: {
        replicaCount: 3,
        podDisruptionBudget: pdb,
        topologySpreadConstraints: spread("cainjector"),
      },
    });
  });

  it("with the Gateway API CRDs given, turns Gateway API on and installs after them", async () => {
    const { GatewayApiCrds } = await import("../../components/edge/index.js");
    const crds = new GatewayApiCrds("cm-gateway-api");
    new cm.CertManager("gw", { namespace: "cm-gw", gatewayApiCrds: crds });
    await checkAll(engine);
    const release = engine.named("gw-release");
    // Installed before the CRDs exist, the controller with gatewayAPI on crash-loops.
    assert.ok(release.dependencies.includes(engine.named("cm-gateway-api-crds").urn));
    assert.ok(release.dependencies.includes(engine.named("gw-namespace").urn));
    const values = inputsOf(engine, "gw-release")["values"] as Record<string, unknown>;
    assert.deepEqual(values["config"], { ...GATEWAY_OFF, gatewayAPI: { enabled: true } });
    assert.throws(() => new cm.CertManager("gw-off", { gatewayApi: false, gatewayApiCrds: crds }), {
      message:
        "CertManagerArgs.gatewayApiCrds: is set while gatewayApi is false; drop gatewayApiCrds, or leave gatewayApi unset",
    });
  });

  it("skips the chart with installChart: false and orders issuers after the namespace", async () => {
    const c = new cm.CertManager("offline", { namespace: "cm-offline", installChart: false });
    await checkAll(engine);
    assert.equal(
      engine.resources.filter((r) => r.type === RELEASE && r.name === "offline-release").length,
      0,
    );
    assert.equal(c.release, undefined);
    const ns = engine.named("offline-namespace");
    assert.equal(c.ready.length, 1);
    assert.equal(await new Promise((r) => c.ready[0]!.urn.apply(r)), ns.urn);
    assert.equal(c.clusterResourceNamespace, "cm-offline");
  });

  it("creates nothing for ready when neither namespace nor chart is created", async () => {
    const c = new cm.CertManager("external", { installChart: false, createNamespace: false });
    await checkAll(engine);
    assert.deepEqual(c.ready, []);
    assert.deepEqual(
      engine.childrenOf(engine.named("external").urn).map((r) => r.name),
      [],
    );
  });

  describe("invalid args", () => {
    const cases: [string, import("../../components/cert-manager.js").CertManagerArgs, string][] = [
      [
        "zero replicas",
        { replicas: 0 },
        [
          "CertManagerArgs.replicas: 0 is not a whole number of at least 1; run at least 1 controller replica (2 or 3 for high availability)",
          "CertManagerArgs.webhookReplicas: 0 is not a whole number of at least 1; run at least 1 webhook replica (2 or 3 for high availability)",
          "CertManagerArgs.cainjectorReplicas: 0 is not a whole number of at least 1; run at least 1 cainjector replica (2 or 3 for high availability)",
        ].join("\n"),
      ],
      [
        "a PDB over a single webhook replica",
        { replicas: 2, webhookReplicas: 1, podDisruptionBudget: true },
        "CertManagerArgs.webhookReplicas: 1 webhook replica with podDisruptionBudget enabled blocks every node drain; set webhookReplicas to 2 or more, or turn podDisruptionBudget off",
      ],
      [
        "a fractional replica count, a bad namespace and a pointless spread",
        { namespace: "Cert_Manager", replicas: 1, cainjectorReplicas: 1.5, topologySpread: true },
        [
          "CertManagerArgs.namespace: \"Cert_Manager\" is not a valid namespace name; use lower-case letters, digits and '-', at most 63 characters",
          "CertManagerArgs.cainjectorReplicas: 1.5 is not a whole number of at least 1; run at least 1 cainjector replica (2 or 3 for high availability)",
          "CertManagerArgs.topologySpread: spreading 1 controller replica across zones has no effect; set replicas to 2 or more, or leave topologySpread unset",
        ].join("\n"),
      ],
    ];
    for (const [title, args, message] of cases) {
      it(`rejects ${title} before registering anything`, async () => {
        await settle();
        const before = engine.resources.length;
        assert.throws(() => new cm.CertManager(`bad-${before}`, args), { message });
        assert.throws(() => cm.validateCertManagerArgs(args), { message });
        await settle();
        assert.equal(engine.resources.length, before);
      });
    }
  });
});
