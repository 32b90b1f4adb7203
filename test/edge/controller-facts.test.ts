/**
 * The controller record in components/known.ts against the charts it describes: the Traefik
 * chart source the tests render (../shared/upstream) is rendered by the real helm with the
 * values `IngressController` computes, and every name the record gives must be an object the
 * chart really creates. The pins must be the chart sources the tests render.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { useMocks, inputsOf, settle } from "../helpers/mocks";
import {
  MONITORING_API_VERSIONS,
  UPSTREAM_CHARTS,
  helmTemplate,
  requireHelm,
  type RenderedObject,
} from "../helpers/helm";

const engine = useMocks();

let known: typeof import("../../components/known.js");
let edge: typeof import("../../components/edge/index.js");

before(async () => {
  known = await import("../../components/known.js");
  edge = await import("../../components/edge/index.js");
});

function chartYaml(dir: string): { name: string; version: string } {
  return parse(readFileSync(join(dir, "Chart.yaml"), "utf8")) as { name: string; version: string };
}

function one(objects: RenderedObject[], kind: string, name: string): RenderedObject {
  const found = objects.filter((o) => o["kind"] === kind && o["metadata"]?.["name"] === name);
  const have = objects.map((o) => `${o["kind"]}/${o["metadata"]?.["name"]}`).join(", ");
  assert.equal(found.length, 1, `expected one ${kind} "${name}"; the chart rendered ${have}`);
  return found[0]!;
}

describe("chart pins", () => {
  it("cert-manager and Traefik are pinned to the chart sources the tests render", () => {
    for (const [pin, dir] of [
      [known.CHARTS.certManager, UPSTREAM_CHARTS.certManager],
      [known.CHARTS.traefik, UPSTREAM_CHARTS.traefik],
    ] as const) {
      const chart = chartYaml(dir);
      assert.deepEqual(
        { chart: pin.chart, version: pin.version },
        { chart: chart.name, version: chart.version },
      );
    }
  });

  it("each controller's record uses the pinned chart", () => {
    assert.equal(known.CONTROLLERS.traefik.chart, known.CHARTS.traefik);
    assert.equal(known.CONTROLLERS.haproxy.chart, known.CHARTS.haproxy);
    assert.equal(known.CONTROLLERS["ingress-nginx"].chart, known.CHARTS.ingressNginx);
  });
});

describe("the Traefik record against the rendered chart", () => {
  const facts = () => known.CONTROLLERS.traefik;

  it("names the Service, ServiceAccount, IngressClass and metrics the chart renders", async (t) => {
    const helm = requireHelm(t);
    if (!helm) return;
    engine.reset();
    const c = new edge.IngressController("edge", {
      controller: "traefik",
      defaultCertificate: { secretName: "edge-tls" },
    });
    await settle();
    const release = inputsOf(engine, "edge-release");
    const objects = helmTemplate(helm, UPSTREAM_CHARTS.traefik, release["values"], {
      namespace: c.namespace,
      releaseName: release["name"] as string,
      apiVersions: MONITORING_API_VERSIONS,
    });

    assert.equal(release["name"], facts().releaseName);
    one(objects, "Service", c.serviceName);
    assert.equal(c.serviceName, facts().serviceName);
    one(objects, "ServiceAccount", facts().serviceAccountName);
    const deployment = one(objects, "Deployment", facts().releaseName);
    assert.equal(
      deployment["spec"]["template"]["spec"]["serviceAccountName"],
      facts().serviceAccountName,
    );
    const ingressClass = one(objects, "IngressClass", c.ingressClassName);
    assert.equal(ingressClass["spec"]["controller"], facts().ingressClass.controller);

    const metrics = one(objects, "Service", facts().metrics.serviceName);
    assert.ok(
      (metrics["spec"]["ports"] as { name: string }[]).some((p) => p.name === facts().metrics.port),
      `metrics Service has no port named ${facts().metrics.port}`,
    );
    for (const [key, value] of Object.entries(facts().metrics.selector(c.namespace))) {
      assert.equal(metrics["metadata"]["labels"][key], value, `metrics Service label ${key}`);
    }
  });

  it("the default IngressClass name is the one the chart creates when given none", (t) => {
    const helm = requireHelm(t);
    if (!helm) return;
    const objects = helmTemplate(
      helm,
      UPSTREAM_CHARTS.traefik,
      {},
      {
        namespace: "traefik",
        releaseName: facts().releaseName,
      },
    );
    const classes = objects.filter((o) => o["kind"] === "IngressClass");
    assert.deepEqual(
      classes.map((o) => o["metadata"]["name"]),
      [facts().ingressClass.name],
    );
    assert.equal(
      edge.ingressClassNameOf({ controller: "traefik" }),
      classes[0]!["metadata"]["name"],
    );
  });
});
