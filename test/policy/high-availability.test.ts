import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks } from "../helpers/mocks";
import { scenario, violationsOf, messagesOf } from "./support";

const engine = useMocks({ stack: "prod" });

const antiAffinity = {
  podAntiAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      {
        weight: 100,
        podAffinityTerm: {
          topologyKey: "kubernetes.io/hostname",
          labelSelector: { matchLabels: { app: "traefik" } },
        },
      },
    ],
  },
};

describe("high-availability", () => {
  let k8s: typeof import("@pulumi/kubernetes");
  before(async () => {
    k8s = await import("@pulumi/kubernetes");
  });

  const traefikValues = {
    deployment: { replicas: 2 },
    affinity: antiAffinity,
    podDisruptionBudget: { enabled: true, minAvailable: 1 },
  };
  const release = (chart: string, values: Record<string, unknown>) =>
    new k8s.helm.v3.Release("edge", { chart, version: "39.0.0", values });

  it("passes HA Helm values for each controller chart", async () => {
    const resources = await scenario(engine, () => {
      release("traefik", traefikValues);
      new k8s.helm.v3.Release("nginx", {
        chart: "ingress-nginx",
        values: { controller: { replicaCount: 3, affinity: antiAffinity } },
      });
      new k8s.helm.v3.Release("haproxy", {
        chart: "kubernetes-ingress",
        values: { controller: { affinity: antiAffinity, PodDisruptionBudget: { enable: true } } },
      });
      new k8s.helm.v3.Release("ds", {
        chart: "traefik",
        values: { deployment: { kind: "DaemonSet" } },
      });
    });
    assert.deepEqual(await violationsOf(resources, "high-availability"), []);
  });

  it("fails one replica, then a missing PDB, via Traefik values", async () => {
    const one = await scenario(
      engine,
      () => void release("traefik", { ...traefikValues, deployment: { replicas: 1 } }),
    );
    assert.deepEqual(await violationsOf(one, "high-availability"), [
      {
        policy: "high-availability",
        enforcementLevel: "mandatory",
        severity: "high",
        resource: "edge",
        type: "kubernetes:helm.sh/v3:Release",
        message:
          'Helm release edge installs traefik in production stack "prod" with 1 replica(s), needs at least 2. Fix: set deployment.replicas: 2, affinity.podAntiAffinity and podDisruptionBudget.enabled: true, or run it as a DaemonSet.',
      },
    ]);
    const noPdb = await scenario(
      engine,
      () => void release("traefik", { ...traefikValues, podDisruptionBudget: { enabled: false } }),
    );
    assert.deepEqual(await messagesOf(noPdb, "high-availability"), [
      'Helm release edge installs traefik in production stack "prod" with no PodDisruptionBudget. Fix: set deployment.replicas: 2, affinity.podAntiAffinity and podDisruptionBudget.enabled: true, or run it as a DaemonSet.',
    ]);
  });

  it("does not apply outside production", async () => {
    const resources = await scenario(engine, () => void release("traefik", {}));
    assert.equal((await messagesOf(resources, "high-availability")).length, 1);
    assert.deepEqual(await messagesOf(resources, "high-availability", { stack: "staging" }), []);
  });

  const deployment = (replicas: number, affinity: boolean) =>
    new k8s.apps.v1.Deployment("traefik", {
      metadata: { name: "traefik", namespace: "edge" },
      spec: {
        replicas,
        selector: { matchLabels: { app: "traefik" } },
        template: {
          metadata: { labels: { app: "traefik" } },
          spec: {
            ...(affinity ? { affinity: antiAffinity } : {}),
            containers: [{ name: "traefik", image: "docker.io/traefik:v3.6.2" }],
          },
        },
      },
    });
  const pdb = () =>
    new k8s.policy.v1.PodDisruptionBudget("traefik", {
      metadata: { name: "traefik", namespace: "edge" },
      spec: { minAvailable: 1, selector: { matchLabels: { app: "traefik" } } },
    });

  it("recognises a controller Deployment by image and needs replicas, anti-affinity and a PDB", async () => {
    const good = await scenario(engine, () => {
      deployment(2, true);
      pdb();
    });
    assert.deepEqual(await violationsOf(good, "high-availability"), []);
    const bad = await scenario(engine, () => void deployment(2, false));
    assert.deepEqual(await messagesOf(bad, "high-availability"), [
      'Deployment edge/traefik runs traefik in production stack "prod" with no pod anti-affinity, no PodDisruptionBudget. Fix: set spec.replicas >= 2, spec.template.spec.affinity.podAntiAffinity on the pod labels and add a PodDisruptionBudget selecting them, or run it as a DaemonSet.',
    ]);
  });

  it("sees a single-replica controller Deployment inside a ConfigGroup", async () => {
    const resources = await scenario(engine, () => {
      new k8s.yaml.v2.ConfigGroup("nginx", {
        objs: [
          {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "ingress-nginx-controller", namespace: "ingress-nginx" },
            spec: {
              selector: { matchLabels: { app: "nginx" } },
              template: {
                metadata: { labels: { app: "nginx" } },
                spec: {
                  containers: [
                    {
                      name: "controller",
                      image: "registry.k8s.io/ingress-nginx/controller:v1.14.1@sha256:abc",
                    },
                  ],
                },
              },
            },
          },
        ],
      });
    });
    const found = await violationsOf(resources, "high-availability");
    assert.deepEqual(
      found.map((v) => [v.resource, v.message.split(" with ")[1]]),
      [
        [
          "apps/Deployment/ingress-nginx-controller",
          "1 replica(s), needs at least 2, no pod anti-affinity, no PodDisruptionBudget. Fix: set spec.replicas >= 2, spec.template.spec.affinity.podAntiAffinity on the pod labels and add a PodDisruptionBudget selecting them, or run it as a DaemonSet.",
        ],
      ],
    );
  });
});
