/**
 * The real Helm binary, for tests that check tls-edge's chart values against what the upstream
 * chart templates really render (`helm template` on the chart sources in ../shared/upstream).
 * Helm is built from Go modules by `scripts/cluster/build.sh helm` into
 * `$TLS_EDGE_CLUSTER_DIR/bin` (default ~/.cache/tls-edge-cluster/bin); a `helm` on PATH also
 * serves. Without it the tests skip, except under CI=true where that is a failure.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import type { TestContext } from "node:test";
import { parseAllDocuments } from "yaml";

/** The upstream sources folder beside the project (charts, CRDs, Go sources at release tags). */
export const UPSTREAM = resolve(__dirname, "../../../shared/upstream");

/** Chart folders in ../shared/upstream. */
export const UPSTREAM_CHARTS = {
  certManager: join(UPSTREAM, "cert-manager-v1.21.1/deploy/charts/cert-manager"),
  traefik: join(UPSTREAM, "traefik-helm-chart-v41.3.0/traefik"),
} as const;

/** API versions a cluster with the Prometheus Operator and policy/v1 advertises. */
export const MONITORING_API_VERSIONS = [
  "policy/v1/PodDisruptionBudget",
  "monitoring.coreos.com/v1",
  "monitoring.coreos.com/v1/ServiceMonitor",
  "monitoring.coreos.com/v1/PodMonitor",
  "monitoring.coreos.com/v1/PrometheusRule",
] as const;

/** The path of a helm binary, or undefined. */
export function findHelm(): string | undefined {
  const dir = process.env["TLS_EDGE_CLUSTER_DIR"] ?? join(homedir(), ".cache/tls-edge-cluster");
  const built = join(dir, "bin/helm");
  if (existsSync(built)) return built;
  for (const p of (process.env["PATH"] ?? "").split(delimiter)) {
    if (p && existsSync(join(p, "helm"))) return join(p, "helm");
  }
  return undefined;
}

/**
 * The helm binary, or undefined after marking the test skipped (outside CI). Under CI=true a
 * missing helm, or a missing upstream folder, fails the test.
 */
export function requireHelm(t: TestContext): string | undefined {
  const helm = findHelm();
  const reason = !existsSync(UPSTREAM)
    ? `the upstream sources are missing at ${UPSTREAM}`
    : helm === undefined
      ? "helm is not built: run `bash scripts/cluster/build.sh helm`"
      : undefined;
  if (reason === undefined) return helm;
  if (process.env["CI"] === "true") throw new Error(`${reason} (required under CI)`);
  t.skip(reason);
  return undefined;
}

/** A rendered object: chart output is walked freely in tests, so its fields are untyped. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RenderedObject = Record<string, any>;

export interface HelmTemplateOptions {
  readonly namespace: string;
  readonly releaseName: string;
  /** `--api-versions` entries (e.g. MONITORING_API_VERSIONS). */
  readonly apiVersions?: readonly string[];
  /**
   * `--kube-version`: charts check it against their `kubeVersion` (cert-manager needs 1.22+); a
   * helm built without version stamps assumes 1.20.
   */
  readonly kubeVersion?: string;
}

/** Error from `helm template`, with Helm's own message. */
export class HelmTemplateError extends Error {}

/**
 * `helm template` of a local chart with these values; the rendered objects in order (empty
 * documents dropped). Throws HelmTemplateError with Helm's stderr when the chart refuses.
 */
export function helmTemplate(
  helm: string,
  chartDir: string,
  values: unknown,
  opts: HelmTemplateOptions,
): RenderedObject[] {
  const dir = mkdtempSync(join(tmpdir(), "tls-edge-helm-"));
  try {
    const valuesFile = join(dir, "values.json");
    writeFileSync(valuesFile, JSON.stringify(values ?? {}));
    const args = [
      "template",
      opts.releaseName,
      chartDir,
      "--namespace",
      opts.namespace,
      "--values",
      valuesFile,
      ...(opts.apiVersions ?? []).flatMap((v) => ["--api-versions", v]),
      ...(opts.kubeVersion ? ["--kube-version", opts.kubeVersion] : []),
    ];
    const run = spawnSync(helm, args, {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      env: {
        ...process.env,
        HELM_CACHE_HOME: join(dir, "cache"),
        HELM_CONFIG_HOME: join(dir, "config"),
      },
    });
    if (run.status !== 0) {
      throw new HelmTemplateError(`helm template ${chartDir} failed: ${run.stderr.trim()}`);
    }
    return parseAllDocuments(run.stdout)
      .map((d) => d.toJS() as RenderedObject | null)
      .filter((o): o is RenderedObject => o !== null && typeof o === "object");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
