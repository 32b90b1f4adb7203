/**
 * HTTP-01 challenges are answered only when the solver's Ingress carries the IngressClass the
 * controller watches. The stack program must take that class from the controller, whose chart
 * creates it: Traefik's chart is rendered by the real helm; ingress-nginx's chart (4.15.1,
 * templates/controller-ingressclass.yaml) names its IngressClass from
 * `controller.ingressClassResource.name`, default "nginx" in its values.yaml.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks, inputsOf, kubernetesObjects, settle } from "../helpers/mocks";
import {
  MONITORING_API_VERSIONS,
  UPSTREAM_CHARTS,
  helmTemplate,
  requireHelm,
} from "../helpers/helm";

const engine = useMocks();

let program: typeof import("../../stacks/program.js").program;
let parseStackConfig: typeof import("../../stacks/config.js").parseStackConfig;

before(async () => {
  ({ program } = await import("../../stacks/program.js"));
  ({ parseStackConfig } = await import("../../stacks/config.js"));
});

/** A staging stack answering HTTP-01 on the given controller. */
function http01Stack(controller: string): Record<string, string> {
  return {
    "tls-edge:environment": "staging",
    "tls-edge:nodes": "2",
    "tls-edge:issuer": JSON.stringify({
      type: "acme",
      acme: { environment: "staging", email: "ops@example.com", http01: true },
    }),
    "tls-edge:controller": JSON.stringify({ kind: controller, replicas: 2 }),
    "tls-edge:apps": JSON.stringify([
      { name: "web", namespace: "web", hosts: ["www.example.com"], service: { name: "web" } },
    ]),
    "tls-edge:monitoring": JSON.stringify({ enabled: true }),
  };
}

interface Solver {
  http01?: { ingress?: { ingressClassName?: string } };
}

async function run(controller: string): Promise<{
  solverClass: string | undefined;
  ingressClass: string | undefined;
  release: Record<string, unknown>;
}> {
  engine.reset();
  program(parseStackConfig(`http01-${controller}`, http01Stack(controller)));
  await settle();
  const objects = kubernetesObjects(engine);
  const issuer = objects.find((o) => o.kind === "ClusterIssuer");
  const solvers = (issuer?.["spec"] as { acme: { solvers: Solver[] } }).acme.solvers;
  const ingress = objects.find((o) => o.kind === "Ingress");
  return {
    solverClass: solvers.find((s) => s.http01)?.http01?.ingress?.ingressClassName,
    ingressClass: (ingress?.["spec"] as { ingressClassName?: string }).ingressClassName,
    release: inputsOf(engine, "edge-release"),
  };
}

describe("the HTTP-01 solver uses the controller's IngressClass", () => {
  it("ingress-nginx: the class its chart creates (nginx), not the controller kind", async () => {
    const { solverClass, ingressClass, release } = await run("ingress-nginx");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- chart values are free-form
    const values = release["values"] as Record<string, any>;
    assert.equal(values["controller"]["ingressClassResource"]["enabled"], true);
    assert.equal(solverClass, values["controller"]["ingressClassResource"]["name"]);
    assert.equal(solverClass, "nginx");
    assert.equal(solverClass, ingressClass);
  });

  it("traefik: the IngressClass the real chart renders", async (t) => {
    const helm = requireHelm(t);
    if (!helm) return;
    const { solverClass, ingressClass, release } = await run("traefik");
    const rendered = helmTemplate(helm, UPSTREAM_CHARTS.traefik, release["values"], {
      namespace: release["namespace"] as string,
      releaseName: release["name"] as string,
      apiVersions: MONITORING_API_VERSIONS,
    });
    const classes = rendered.filter((o) => o["kind"] === "IngressClass");
    assert.deepEqual(
      classes.map((o) => o["metadata"]["name"]),
      [solverClass],
    );
    assert.equal(solverClass, ingressClass);
  });
});
