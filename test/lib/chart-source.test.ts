import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useMocks, checkAll, inputsOf, settle } from "../helpers/mocks";
import { UPSTREAM_CHARTS, helmTemplate, requireHelm } from "../helpers/helm";

const engine = useMocks();

describe("chart overrides: a local chart and values over the component's", () => {
  let lib: typeof import("../../components/lib/chart-source.js");
  let cm: typeof import("../../components/cert-manager.js");
  let edge: typeof import("../../components/edge/index.js");
  before(async () => {
    lib = await import("../../components/lib/chart-source.js");
    cm = await import("../../components/cert-manager.js");
    edge = await import("../../components/edge/index.js");
  });

  it("merges objects key by key and replaces anything else", () => {
    assert.deepEqual(
      lib.mergeValues(
        { a: { b: 1, c: [1, 2] }, d: "x", e: { f: true } },
        { a: { c: [3], g: 2 }, d: { h: 1 }, e: null },
      ),
      { a: { b: 1, c: [3], g: 2 }, d: { h: 1 }, e: null },
    );
  });

  it("cert-manager from the upstream chart folder: no repository, the override merged", async () => {
    const c = new cm.CertManager("local", {
      chart: {
        path: UPSTREAM_CHARTS.certManager,
        values: { webhook: { url: { host: "localhost:10250" } }, replicaCount: 2 },
      },
    });
    await checkAll(engine);
    const inputs = inputsOf(engine, "local-release");
    assert.equal(inputs["chart"], UPSTREAM_CHARTS.certManager);
    assert.equal(inputs["version"], undefined);
    assert.equal(inputs["repositoryOpts"], undefined);
    const values = inputs["values"] as Record<string, Record<string, unknown>>;
    assert.deepEqual(values["webhook"], { replicaCount: 1, url: { host: "localhost:10250" } });
    assert.equal(values["replicaCount"], 2);
    assert.deepEqual(values["crds"], { enabled: true, keep: true }, "the component's own stay");
    const shown = await new Promise((resolve) => c.values.apply(resolve));
    assert.deepEqual(shown, values, "values shows what the release gets");
  });

  it("the merged values render with the real chart: the webhook is called by URL", (t) => {
    const helm = requireHelm(t);
    if (!helm) return;
    const values = lib.mergeValues(cm.certManagerValues({}) as Record<string, unknown>, {
      webhook: { url: { host: "localhost:10250" } },
    });
    // extraArgs is an Output in the component's values; helm gets its plain value.
    const objects = helmTemplate(
      helm,
      UPSTREAM_CHARTS.certManager,
      { ...values, extraArgs: [] },
      {
        releaseName: "cert-manager",
        namespace: "cert-manager",
      },
    );
    const validating = objects.find((o) => o.kind === "ValidatingWebhookConfiguration");
    assert.deepEqual(validating?.webhooks[0].clientConfig, {
      url: "https://localhost:10250/validate",
    });
  });

  it("traefik from the upstream chart folder", async () => {
    new edge.IngressController("local-traefik", {
      chart: { path: UPSTREAM_CHARTS.traefik },
      replicas: 1,
      antiAffinity: "none",
      defaultCertificate: { secretName: "edge-default-tls" },
    });
    await checkAll(engine);
    const inputs = inputsOf(engine, "local-traefik-release");
    assert.equal(inputs["chart"], UPSTREAM_CHARTS.traefik);
    assert.equal(inputs["repositoryOpts"], undefined);
  });

  describe("refuses a chart that is not the pinned one, before registering anything", () => {
    const dir = mkdtempSync(join(tmpdir(), "tls-edge-chart-"));
    const older = join(dir, "older");
    const broken = join(dir, "broken");
    for (const [folder, text] of [
      [older, "apiVersion: v2\nname: cert-manager\nversion: v1.20.0\n"],
      [broken, "name: [cert-manager\n"],
    ] as const) {
      rmSync(folder, { recursive: true, force: true });
      mkdirSync(folder);
      writeFileSync(join(folder, "Chart.yaml"), text);
    }
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      [
        "a relative path",
        { path: "charts/cert-manager" },
        /CertManagerArgs\.chart\.path: "charts\/cert-manager" is not an absolute path; give the absolute path/,
      ],
      [
        "a folder without Chart.yaml",
        { path: dir },
        /is not a chart folder \(no Chart.yaml in it\); give the folder of the cert-manager chart v1\.21\.1, or leave path out to use https:\/\/charts\.jetstack\.io/,
      ],
      [
        "another version",
        { path: older },
        /holds chart cert-manager v1\.20\.0, not cert-manager v1\.21\.1; give a copy of cert-manager v1\.21\.1/,
      ],
      [
        "Traefik's chart",
        { path: UPSTREAM_CHARTS.traefik },
        /holds chart traefik 41\.3\.0, not cert-manager v1\.21\.1/,
      ],
      ["a broken Chart.yaml", { path: broken }, /Chart\.yaml is not valid YAML/],
      [
        "values that are a list",
        { values: [1] },
        /CertManagerArgs\.chart\.values: is not an object of chart values/,
      ],
    ];
    for (const [title, chart, message] of cases) {
      it(title, async () => {
        await settle();
        const before = engine.resources.length;
        assert.throws(() => new cm.CertManager(`bad-${before}`, { chart }), { message });
        await settle();
        assert.equal(engine.resources.length, before);
      });
    }
  });
});
