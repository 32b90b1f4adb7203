/**
 * Where a component's Helm chart comes from, and values a stack lays over the component's own.
 *
 * By default a release installs the pinned chart (`CHARTS` in known.ts) from its official
 * repository. A `ChartOverride` can point it at a local copy of that same chart (air-gapped
 * clusters, a lab that builds everything from source) and add values the component does not
 * model, e.g. cert-manager's `webhook.url.host` when the webhook runs outside the cluster.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import type { ChartRef } from "../known";
import type { Problems } from "./problems";

/** A local chart in place of the pinned repository, and values over the component's. */
export interface ChartOverride {
  /**
   * An absolute path to a local copy of the pinned chart, used in place of its repository. Its
   * Chart.yaml must name the pinned chart and version: the values tls-edge emits are written
   * for that version.
   */
  readonly path?: string;
  /**
   * Chart values laid over what the component emits: objects are merged key by key, anything
   * else (lists included) replaces the component's value. For settings the component does not
   * model; what it does model (replicas, HA, monitoring) belongs in its own arguments.
   */
  readonly values?: Record<string, unknown>;
}

/** The chart fields of a `helm.v3.Release` for a pinned chart, overridden or not. */
export function releaseChart(
  ref: ChartRef,
  override: ChartOverride | undefined,
): { chart: string; version?: string; repositoryOpts?: { repo: string } } {
  // Helm locates a local chart by path alone (pkg/action/install.go LocateChart): no version.
  if (override?.path !== undefined) return { chart: override.path };
  return { chart: ref.chart, version: ref.version, repositoryOpts: { repo: ref.repo } };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A map written as `{...}`: not a list, not an Output or another class's instance. */
const isPlainMap = (v: unknown): v is Record<string, unknown> =>
  isObject(v) && [Object.prototype, null].includes(Object.getPrototypeOf(v));

/** `base` with `over` laid on top: objects merged key by key, anything else replaced. */
export function mergeValues(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const under = merged[key];
    merged[key] = isPlainMap(under) && isPlainMap(value) ? mergeValues(under, value) : value;
  }
  return merged;
}

/**
 * The component's values with the override's laid over them. Without an override the values are
 * returned as given; plain values are merged as they are, so an Output inside (unknown in a
 * preview) stays one leaf rather than making the whole map unknown.
 */
export function overriddenValues(
  values: pulumi.Input<Record<string, unknown>>,
  override: ChartOverride | undefined,
): pulumi.Input<Record<string, unknown>> {
  const over = override?.values;
  if (over === undefined) return values;
  if (!pulumi.Output.isInstance(values))
    return mergeValues(values as Record<string, unknown>, over);
  return values.apply((v) => mergeValues(v, over));
}

/**
 * Checks an override at `field` (e.g. `CertManagerArgs.chart`): a path that is absolute and holds
 * the pinned chart at its version, values that are an object.
 */
export function checkChartOverride(
  p: Problems,
  field: string,
  override: ChartOverride | undefined,
  ref: ChartRef,
): void {
  if (override === undefined) return;
  if (!isObject(override)) {
    p.add(field, "is not an object", "give { path?: string, values?: {...} }");
    return;
  }
  const { path, values } = override;
  if (values !== undefined && !isObject(values)) {
    p.add(`${field}.values`, "is not an object of chart values", "give the values as a map");
  }
  if (path === undefined) return;
  if (typeof path !== "string" || !isAbsolute(path)) {
    p.add(
      `${field}.path`,
      `${JSON.stringify(path)} is not an absolute path`,
      "give the absolute path of the chart's folder",
    );
    return;
  }
  const chartFile = join(path, "Chart.yaml");
  if (!existsSync(path) || !statSync(path).isDirectory() || !existsSync(chartFile)) {
    p.add(
      `${field}.path`,
      `${path} is not a chart folder (no Chart.yaml in it)`,
      `give the folder of the ${ref.chart} chart ${ref.version}, or leave path out to use ${ref.repo}`,
    );
    return;
  }
  let chart: unknown;
  try {
    chart = parse(readFileSync(chartFile, "utf8"));
  } catch (err) {
    p.add(`${field}.path`, `${chartFile} is not valid YAML (${String(err)})`, "fix the file");
    return;
  }
  const name = isObject(chart) ? chart["name"] : undefined;
  const version = isObject(chart) ? chart["version"] : undefined;
  if (name !== ref.chart || String(version) !== ref.version) {
    p.add(
      `${field}.path`,
      `${path} holds chart ${String(name)} ${String(version)}, not ${ref.chart} ${ref.version}`,
      `give a copy of ${ref.chart} ${ref.version}, the version tls-edge's values are written for`,
    );
  }
}
