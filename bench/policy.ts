/**
 * Policy benchmark: the whole pack, through `evaluate`, over synthetic stacks shaped like a
 * tls-edge deployment (issuers, certificates, ingresses, TLS secrets, controllers, IAM).
 * `resourcesPerSecond` is for the full pack over `resources` (default 10,000) resources;
 * `stackRuleGrowth` compares the per-resource cost of the stack rules at 10,000 resources with
 * that at 1,000 (1 = linear; 10 would be quadratic). Run: `node --import tsx bench/policy.ts`.
 */
import type { ResourceInput } from "../policy/evaluate";
import { evaluate } from "../policy/evaluate";
import { rules } from "../policy/rules";

export interface BenchPolicyOptions {
  /** @default 10000 */
  readonly resources?: number;
  /** @default "prod" (so the production-only rules run too) */
  readonly stack?: string;
}

const STAGING = "https://acme-staging-v02.api.letsencrypt.org/directory";
const PROD = "https://acme-v02.api.letsencrypt.org/directory";

function urn(stack: string, type: string, name: string): string {
  return `urn:pulumi:${stack}::bench::${type}::${name}`;
}

/** A synthetic stack of `count` resources. */
export function syntheticStack(count: number, stack: string): ResourceInput[] {
  const out: ResourceInput[] = [];
  const add = (type: string, name: string, inputs: Record<string, unknown>) =>
    out.push({ type, name, urn: urn(stack, type, name), inputs, dependencies: [] });
  const solvers = [{ dns01: { route53: { region: "eu-west-1", hostedZoneID: "Z123" } } }];
  for (const [name, server] of [
    ["le", PROD],
    ["le-staging", STAGING],
  ] as const) {
    add("kubernetes:cert-manager.io/v1:ClusterIssuer", name, {
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: { name },
      spec: { acme: { server, privateKeySecretRef: { name: `${name}-key` }, solvers } },
    });
  }
  for (let i = 0; out.length < count; i += 1) {
    const host = `app-${i}.example.com`;
    const kind = i % 4;
    if (kind === 0) {
      add("kubernetes:cert-manager.io/v1:Certificate", `cert-${i}`, {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: { name: `app-${i}`, namespace: "apps" },
        spec: {
          secretName: `app-${i}-tls`,
          dnsNames: [host],
          issuerRef: { name: "le", kind: "ClusterIssuer" },
          duration: "2160h",
          renewBefore: "720h",
        },
      });
    } else if (kind === 1) {
      add("kubernetes:networking.k8s.io/v1:Ingress", `ingress-${i}`, {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: { name: `app-${i}`, namespace: "apps", annotations: {} },
        spec: { tls: [{ hosts: [host], secretName: `app-${i}-tls` }], rules: [{ host }] },
      });
    } else if (kind === 2) {
      add("kubernetes:core/v1:Secret", `secret-${i}`, {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: `app-${i}-config`, namespace: "apps" },
        type: "Opaque",
        stringData: { "config.json": `{"host":"${host}"}` },
      });
    } else {
      add("aws:iam/policy:Policy", `policy-${i}`, {
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "route53:GetChange", Resource: "*" }],
        }),
      });
    }
  }
  return out.slice(0, count);
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Runs the benchmark; see the module comment for what the numbers mean. */
export async function benchPolicy(
  opts: BenchPolicyOptions = {},
): Promise<{ resourcesPerSecond: number; stackRuleGrowth: number }> {
  const count = opts.resources ?? 10_000;
  const stack = opts.stack ?? "prod";
  const resources = syntheticStack(count, stack);
  await evaluate(resources.slice(0, 500), { stack }); // warm-up (JIT, module loading)
  const full = await time(() => evaluate(resources, { stack }));

  const stackRules = rules.filter((r) => "validateStack" in r);
  const small = syntheticStack(1_000, stack);
  const large = syntheticStack(10_000, stack);
  await evaluate(small, { stack, policies: stackRules });
  // Best of three: single runs at this size are dominated by garbage-collection noise.
  const best = async (input: ResourceInput[]) => {
    const runs: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      runs.push(await time(() => evaluate(input, { stack, policies: stackRules })));
    }
    return Math.min(...runs);
  };
  const tSmall = await best(small);
  const tLarge = await best(large);
  return {
    resourcesPerSecond: Math.round(count / full),
    stackRuleGrowth: Math.round((tLarge / 10_000 / (tSmall / 1_000)) * 100) / 100,
  };
}

if (require.main === module) {
  benchPolicy().then(
    (r) => console.log(JSON.stringify(r)),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
