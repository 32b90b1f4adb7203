/**
 * The stack configuration's schema: typed, validated, with errors that name the config key and
 * the fix. The types derive from the components' own (strategies, controller kinds, mTLS modes,
 * anti-affinity, Route53 credentials); the generic readers are in config-reader.ts, the ACME and
 * application parts in config-acme.ts and config-apps.ts.
 * `parseStackConfig` is pure: it takes the flat `project:key` map Pulumi hands the program and
 * either returns a typed config or throws one error listing every problem.
 */
import { resolve } from "node:path";
import type { GatewayApiCrdsArgs } from "../components/edge/gateway-api-crds";
import { AntiAffinity } from "../components/edge/values/common";
import { ControllerKind, GATEWAY_API } from "../components/known";
import type { ChartOverride } from "../components/lib/chart-source";
import { Problems } from "../components/lib/problems";
import { MtlsMode } from "../components/mesh/types";
import { parseAcme, parseTsigSecret, type AcmeConfig } from "./config-acme";
import { checkAppHosts, checkAppZones, parseApps, type AppConfig } from "./config-apps";
import {
  bool,
  checkKeys,
  configKey,
  int,
  isObject,
  namespaceName,
  obj,
  oneOf,
  parseValue,
  PROJECT,
  str,
  strings,
  type Json,
} from "./config-reader";
import { plainCredentials } from "./credentials";

export { PROJECT };
export type { AcmeConfig, AppConfig };
export type { Dns01Config } from "./config-acme";

export const Environment = { dev: "dev", staging: "staging", production: "production" } as const;
export type Environment = (typeof Environment)[keyof typeof Environment];

export const IssuerType = { internalCa: "internalCa", acme: "acme" } as const;
export type IssuerType = (typeof IssuerType)[keyof typeof IssuerType];

/** The mesh: off, or the mTLS mode of MeshMtls. */
export const MeshMode = {
  off: "off",
  permissive: MtlsMode.permissive,
  strict: MtlsMode.strict,
} as const;
export type MeshMode = "off" | MtlsMode;

export interface ControllerConfig {
  readonly kind: ControllerKind;
  readonly replicas: number;
  readonly antiAffinity: AntiAffinity;
  readonly zoneSpread: boolean;
  readonly pdbMinAvailable?: number;
  readonly autoscaling?: { readonly min: number; readonly max: number; readonly targetCpu: number };
  readonly defaultHosts: string[];
  readonly chart?: ChartOverride;
}

export interface StackConfig {
  readonly stack: string;
  readonly environment: Environment;
  /** Install Helm charts (off where charts cannot be fetched, e.g. offline engine runs). */
  readonly installCharts: boolean;
  /** Nodes the cluster has, for anti-affinity checks. */
  readonly nodes: number;
  readonly certManager: {
    readonly replicas: number;
    readonly gatewayApi: boolean;
    readonly chart?: ChartOverride;
  };
  /** Where the Gateway API CRDs come from, when a TlsGateway or cert-manager needs them. */
  readonly gatewayApi: { readonly crds: NonNullable<GatewayApiCrdsArgs["source"]> };
  readonly issuer: { readonly type: IssuerType; readonly acme?: AcmeConfig };
  /**
   * The TSIG secret of the rfc2136 DNS-01 solvers (`tls-edge:tsigSecret`, secret config).
   * Undefined where it is not known: not set in a preview, or encrypted in an offline run.
   */
  readonly tsigSecret?: string;
  readonly controller: ControllerConfig;
  readonly apps: AppConfig[];
  readonly mesh: MeshMode;
  /** Istio's root namespace: Istio's installation owns it, the stack only writes into it. */
  readonly meshRootNamespace: string;
  readonly monitoring: {
    readonly enabled: boolean;
    readonly expiryWarningDays: number;
    /** Where the monitoring stack (Prometheus Operator) runs: it owns the namespace. */
    readonly namespace: string;
  };
}

/** A namespace another system owns that the stack writes into, and the config key naming it. */
export interface ExternalNamespace {
  /** The config key without the project, e.g. `mesh.rootNamespace`. */
  readonly key: string;
  readonly name: string;
}

/**
 * The namespaces the stack writes into but does not create: Istio's root namespace (with the
 * mesh on) and the monitoring stack's (with monitoring on). They must exist before `pulumi up`.
 */
export function externalNamespaces(
  config: Pick<StackConfig, "mesh" | "meshRootNamespace" | "monitoring">,
): ExternalNamespace[] {
  return [
    ...(config.mesh !== MeshMode.off
      ? [{ key: "mesh.rootNamespace", name: config.meshRootNamespace }]
      : []),
    ...(config.monitoring.enabled
      ? [{ key: "monitoring.namespace", name: config.monitoring.namespace }]
      : []),
  ];
}

const KEYS = [
  "environment",
  "installCharts",
  "nodes",
  "certManager",
  "gatewayApi",
  "issuer",
  "controller",
  "apps",
  "mesh",
  "monitoring",
  "tsigSecret",
] as const;

/**
 * `<component>.chart`: a local copy of the pinned chart (`path`, relative to the stack files'
 * folder or absolute) and chart values laid over the component's (`values`). The component
 * checks the chart itself (name and version in its Chart.yaml).
 */
function parseChart(p: Problems, key: string, v: Json): ChartOverride | undefined {
  if (v === undefined) return undefined;
  const o = obj(p, key, v, ["path", "values"]);
  if (!o) return undefined;
  const path = str(p, `${key}.path`, o["path"], false);
  const values = o["values"] === undefined ? undefined : obj(p, `${key}.values`, o["values"]);
  return {
    ...(path !== undefined ? { path: resolve(__dirname, path) } : {}),
    ...(values !== undefined ? { values } : {}),
  };
}

/** Parses and validates the configuration; throws one error listing every problem. */
export function parseStackConfig(
  stack: string,
  raw: Record<string, string>,
  secretKeys: readonly string[] = [],
  options: { readonly preview?: boolean } = {},
): StackConfig {
  const p = new Problems();
  const values: Record<string, Json> = {};
  for (const [fullKey, text] of Object.entries(raw)) {
    const [ns, key] = fullKey.split(":", 2) as [string, string];
    if (!secretKeys.includes(fullKey)) {
      for (const path of plainCredentials(fullKey, text)) {
        const flags = path === fullKey ? "--secret" : "--secret --path";
        p.add(
          path,
          "holds a credential in plain text",
          `set it with 'pulumi config set ${flags} ${path}'`,
        );
      }
    }
    if (ns !== PROJECT) continue;
    if (!(KEYS as readonly string[]).includes(key)) {
      p.add(configKey(key), `unknown key; allowed keys are ${KEYS.join(", ")}`);
      continue;
    }
    // A secret stays the string it was set to (a base64 secret may look like JSON).
    values[key] = secretKeys.includes(fullKey) ? text : parseValue(text);
  }
  const environment = oneOf(
    p,
    "environment",
    values["environment"],
    Object.values(Environment),
    "dev",
  );
  if (values["environment"] === undefined) {
    p.add(configKey("environment"), "is required: dev, staging or production");
  }
  const nodes = int(p, "nodes", values["nodes"], 1, 1);
  const installCharts = bool(p, "installCharts", values["installCharts"], true);

  const cm =
    obj(p, "certManager", values["certManager"], ["replicas", "gatewayApi", "chart"]) ?? {};
  const certManagerChart = parseChart(p, "certManager.chart", cm["chart"]);
  const certManager = {
    replicas: int(p, "certManager.replicas", cm["replicas"], 1, 1),
    gatewayApi: bool(p, "certManager.gatewayApi", cm["gatewayApi"], false),
    ...(certManagerChart ? { chart: certManagerChart } : {}),
  };

  const ga = obj(p, "gatewayApi", values["gatewayApi"], ["crds"]) ?? {};
  const gatewayApi = {
    crds: str(p, "gatewayApi.crds", ga["crds"], false) ?? GATEWAY_API.standardInstall,
  };

  const is = obj(p, "issuer", values["issuer"], ["type", "acme"]) ?? {};
  const issuerType = oneOf(p, "issuer.type", is["type"], Object.values(IssuerType), "internalCa");
  const acme =
    issuerType === "acme"
      ? parseAcme(p, stack, environment === Environment.production, is["acme"])
      : undefined;
  if (issuerType !== "acme" && is["acme"] !== undefined) {
    p.add(
      configKey("issuer.acme"),
      'is only read when issuer.type is "acme"; remove it or set issuer.type',
    );
  }
  const tsigSecret = parseTsigSecret(
    p,
    values["tsigSecret"],
    secretKeys.includes(`${PROJECT}:tsigSecret`),
    acme,
    options.preview ?? false,
  );

  const c =
    obj(p, "controller", values["controller"], [
      "kind",
      "replicas",
      "antiAffinity",
      "zoneSpread",
      "pdbMinAvailable",
      "autoscaling",
      "defaultHosts",
      "chart",
    ]) ?? {};
  const replicas = int(p, "controller.replicas", c["replicas"], 1, 1);
  const antiAffinity = oneOf(
    p,
    "controller.antiAffinity",
    c["antiAffinity"],
    Object.values(AntiAffinity),
    "preferred",
  );
  if (antiAffinity === "required" && replicas > nodes) {
    p.add(
      configKey("controller.antiAffinity"),
      `required anti-affinity with ${replicas} replicas needs at least ${replicas} nodes, but nodes is ${nodes}; use "preferred" or add nodes`,
    );
  }
  const pdbMinAvailable =
    c["pdbMinAvailable"] === undefined
      ? undefined
      : int(p, "controller.pdbMinAvailable", c["pdbMinAvailable"], 1, 1);
  if (pdbMinAvailable !== undefined && pdbMinAvailable >= replicas) {
    p.add(
      configKey("controller.pdbMinAvailable"),
      `${pdbMinAvailable} >= replicas (${replicas}) blocks every eviction; use at most ${Math.max(replicas - 1, 0)} or add replicas`,
    );
  }
  let autoscaling: ControllerConfig["autoscaling"];
  if (c["autoscaling"] !== undefined) {
    const a = obj(p, "controller.autoscaling", c["autoscaling"], ["min", "max", "targetCpu"]) ?? {};
    autoscaling = {
      min: int(p, "controller.autoscaling.min", a["min"], replicas, 1),
      max: int(p, "controller.autoscaling.max", a["max"], replicas, 1),
      targetCpu: int(p, "controller.autoscaling.targetCpu", a["targetCpu"], 75, 1),
    };
    if (autoscaling.min > autoscaling.max) {
      p.add(
        configKey("controller.autoscaling"),
        `min (${autoscaling.min}) is above max (${autoscaling.max})`,
      );
    }
  }
  const defaultHosts = strings(p, "controller.defaultHosts", c["defaultHosts"], false);
  const controllerChart = parseChart(p, "controller.chart", c["chart"]);
  const controller: ControllerConfig = {
    kind: oneOf(p, "controller.kind", c["kind"], Object.values(ControllerKind), "traefik"),
    replicas,
    antiAffinity,
    zoneSpread: bool(p, "controller.zoneSpread", c["zoneSpread"], false),
    ...(pdbMinAvailable !== undefined ? { pdbMinAvailable } : {}),
    ...(autoscaling ? { autoscaling } : {}),
    defaultHosts,
    ...(controllerChart ? { chart: controllerChart } : {}),
  };

  const apps = parseApps(p, values["apps"]);
  checkAppHosts(p, apps);
  if (acme) checkAppZones(p, apps, acme);

  // `mesh` is the mode, or `{mode, rootNamespace}` to name Istio's root namespace.
  const meshValue = values["mesh"];
  const meshObject = isObject(meshValue) ? meshValue : undefined;
  if (meshObject) checkKeys(p, "mesh", meshObject, ["mode", "rootNamespace"]);
  const mesh = meshObject
    ? oneOf(p, "mesh.mode", meshObject["mode"], Object.values(MeshMode), MeshMode.off)
    : oneOf(p, "mesh", meshValue, Object.values(MeshMode), MeshMode.off);
  const meshRootNamespace = namespaceName(
    p,
    "mesh.rootNamespace",
    meshObject?.["rootNamespace"],
    "istio-system",
  );

  const mon =
    obj(p, "monitoring", values["monitoring"], ["enabled", "expiryWarningDays", "namespace"]) ?? {};
  const monitoring = {
    enabled: bool(p, "monitoring.enabled", mon["enabled"], false),
    expiryWarningDays: int(p, "monitoring.expiryWarningDays", mon["expiryWarningDays"], 15, 1),
    namespace: namespaceName(p, "monitoring.namespace", mon["namespace"], "monitoring"),
  };
  if (environment === Environment.production && !monitoring.enabled) {
    p.add(
      configKey("monitoring.enabled"),
      "must be true in production: expiry alerts are the only warning",
    );
  }

  const external = externalNamespaces({ mesh, meshRootNamespace, monitoring });
  apps.forEach((app, i) => {
    const owner = external.find((e) => e.name === app.namespace);
    if (owner) {
      p.add(
        configKey(`apps[${i}].namespace`),
        `"${app.namespace}" is the namespace set by ${PROJECT}:${owner.key}, which another system owns; give the app its own namespace`,
      );
    }
  });

  if (p.any) {
    throw new Error(
      `invalid configuration for stack "${stack}":\n  ${p.lines.join("\n  ")}\nSee docs/stacks.md, "Configuration".`,
    );
  }
  return {
    stack,
    environment,
    installCharts,
    nodes,
    certManager,
    gatewayApi,
    issuer: { type: issuerType, ...(acme ? { acme } : {}) },
    ...(tsigSecret !== undefined ? { tsigSecret } : {}),
    controller,
    apps,
    mesh,
    meshRootNamespace,
    monitoring,
  };
}
