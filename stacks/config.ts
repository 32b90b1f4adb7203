/**
 * The stack configuration: typed, validated, with errors that name the config key and the fix.
 * `parseStackConfig` is pure: it takes the flat `project:key` map Pulumi hands the program and
 * either returns a typed config or throws one error listing every problem.
 */
import { resolve } from "node:path";
import type { ChartOverride } from "../components/lib/chart-source";
import {
  MAX_DNS_NAMES,
  inZone,
  isValidDnsName,
  isWildcard,
  isZoneName,
} from "../components/lib/hosts";
import { isOfflineSecret, plainCredentials } from "./credentials";
import type { GatewayApiCrdsArgs } from "../components/edge/gateway-api-crds";
import { TsigAlgorithm } from "../components/dns01/rfc2136";
import {
  ACME_DIRECTORIES,
  acmeEnvironment,
  ControllerKind,
  GATEWAY_API,
} from "../components/known";
import { isDns1123Label } from "../components/lib/names";

export const PROJECT = "tls-edge";

export const Environment = { dev: "dev", staging: "staging", production: "production" } as const;
export type Environment = (typeof Environment)[keyof typeof Environment];

export const IssuerType = { internalCa: "internalCa", acme: "acme" } as const;
export type IssuerType = (typeof IssuerType)[keyof typeof IssuerType];

export const Route53Mode = {
  irsa: "irsa",
  podIdentity: "podIdentity",
  assumeRole: "assumeRole",
  accessKey: "accessKey",
} as const;
export type Route53Mode = (typeof Route53Mode)[keyof typeof Route53Mode];

export const TlsStrategy = {
  edge: "edge",
  passthrough: "passthrough",
  reencrypt: "reencrypt",
} as const;
export type TlsStrategy = (typeof TlsStrategy)[keyof typeof TlsStrategy];

export const MeshMode = { off: "off", permissive: "PERMISSIVE", strict: "STRICT" } as const;
export type MeshMode = (typeof MeshMode)[keyof typeof MeshMode];

export interface Route53Config {
  readonly provider: "route53";
  readonly zones: string[];
  readonly hostedZoneIds: string[];
  readonly region: string;
  readonly mode: Route53Mode;
  readonly oidcProviderArn?: string;
  readonly oidcIssuerUrl?: string;
  readonly clusterName?: string;
  readonly roleArn?: string;
}

export interface CloudflareConfig {
  readonly provider: "cloudflare";
  readonly zones: string[];
  readonly zoneIds: string[];
  readonly accountId: string;
}

/** RFC 2136 updates to the zones' own server; the TSIG secret is `tls-edge:tsigSecret`. */
export interface Rfc2136Config {
  readonly provider: "rfc2136";
  readonly zones: string[];
  readonly nameserver: string;
  readonly tsigKeyName: string;
  readonly tsigAlgorithm?: TsigAlgorithm;
}

export type Dns01Config = Route53Config | CloudflareConfig | Rfc2136Config;

export interface AcmeConfig {
  readonly environment: "staging" | "production";
  readonly server: string;
  /** A CA's staging directory for the issuer's staging twin (CAs other than Let's Encrypt). */
  readonly stagingServer?: string;
  /** CAs of the ACME server's TLS certificate: base64 of PEM, from `caBundle`. */
  readonly caBundle?: string;
  /** ...or a PEM file the program reads, from `caBundleFile` (relative: to the project). */
  readonly caBundleFile?: string;
  readonly email?: string;
  readonly dns01: Dns01Config[];
  readonly http01: boolean;
}

export interface AppConfig {
  readonly name: string;
  readonly namespace: string;
  readonly hosts: string[];
  readonly service: { readonly name: string; readonly port: number };
  readonly strategy: TlsStrategy;
}

export interface ControllerConfig {
  readonly kind: ControllerKind;
  readonly replicas: number;
  readonly antiAffinity: "required" | "preferred" | "none";
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
export function externalNamespaces(config: StackConfig): ExternalNamespace[] {
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

type Json = unknown;

/** Collects problems as `<key>: <what is wrong>; <what to do>`. */
class Problems {
  readonly list: string[] = [];
  add(key: string, message: string): void {
    this.list.push(`${PROJECT}:${key}: ${message}`);
  }
}

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function parseValue(raw: string): Json {
  try {
    return JSON.parse(raw) as Json;
  } catch {
    return raw;
  }
}

function checkKeys(
  p: Problems,
  key: string,
  value: Record<string, Json>,
  allowed: readonly string[],
): void {
  for (const k of Object.keys(value)) {
    if (!allowed.includes(k)) {
      p.add(`${key}.${k}`, `unknown key; allowed keys are ${allowed.join(", ")}`);
    }
  }
}

function str(p: Problems, key: string, v: Json, required: boolean): string | undefined {
  if (v === undefined) {
    if (required) p.add(key, "is required; set it in the stack's Pulumi.<stack>.yaml");
    return undefined;
  }
  if (typeof v !== "string" || v === "") {
    p.add(key, `must be a non-empty string, got ${JSON.stringify(v)}`);
    return undefined;
  }
  return v;
}

/** Kubernetes keeps replica counts, ports and percentages as int32. */
const INT32_MAX = 2147483647;
/** The highest TCP port: Kubernetes refuses a Service or backend port above it. */
const PORT_MAX = 65535;

function int(
  p: Problems,
  key: string,
  v: Json,
  fallback: number,
  min: number,
  max = INT32_MAX,
): number {
  if (v === undefined) return fallback;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    p.add(key, `must be a whole number >= ${min}, got ${JSON.stringify(v)}`);
    return fallback;
  }
  if (v > max) {
    const why = max === PORT_MAX ? "the highest TCP port" : "Kubernetes stores it as int32";
    p.add(key, `must be at most ${max} (${why}), got ${JSON.stringify(v)}`);
    return fallback;
  }
  return v;
}

function bool(p: Problems, key: string, v: Json, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== "boolean") {
    p.add(key, `must be true or false, got ${JSON.stringify(v)}`);
    return fallback;
  }
  return v;
}

function oneOf<T extends string>(
  p: Problems,
  key: string,
  v: Json,
  allowed: readonly T[],
  fallback: T,
): T {
  if (v === undefined) return fallback;
  if (typeof v !== "string" || !allowed.includes(v as T)) {
    p.add(key, `must be one of ${allowed.join(", ")}, got ${JSON.stringify(v)}`);
    return fallback;
  }
  return v as T;
}

function namespaceName(p: Problems, key: string, v: Json, fallback: string): string {
  if (v === undefined) return fallback;
  if (typeof v !== "string" || !isDns1123Label(v)) {
    p.add(
      key,
      `must be a namespace name (lower-case letters, digits, '-'), got ${JSON.stringify(v)}`,
    );
    return fallback;
  }
  return v;
}

function strings(p: Problems, key: string, v: Json, required: boolean): string[] {
  if (v === undefined) {
    if (required) p.add(key, "is required: give a list");
    return [];
  }
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) {
    p.add(key, `must be a list of strings, got ${JSON.stringify(v)}`);
    return [];
  }
  return v as string[];
}

function shapeOf(v: Json): string {
  return `${Array.isArray(v) ? "a list " : ""}${JSON.stringify(v)}`;
}

/**
 * A map with these keys (unknown ones are named); undefined, with the shape expected named, when
 * the value is a list or a scalar, so that nothing is read from it.
 */
function obj(
  p: Problems,
  key: string,
  v: Json,
  keys?: readonly string[],
): Record<string, Json> | undefined {
  if (v === undefined) return {};
  if (!isObject(v)) {
    const shape = keys ? `a map with the keys ${keys.join(", ")}` : "a map";
    p.add(key, `must be ${shape}, got ${shapeOf(v)}`);
    return undefined;
  }
  if (keys) checkKeys(p, key, v, keys);
  return v;
}

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

function parseDns01(p: Problems, key: string, v: Json): Dns01Config | undefined {
  const o = obj(p, key, v);
  if (!o) return undefined;
  const provider = oneOf(
    p,
    `${key}.provider`,
    o["provider"],
    ["route53", "cloudflare", "rfc2136"],
    "route53",
  );
  const zones = strings(p, `${key}.zones`, o["zones"], true);
  zones.forEach((z, i) => {
    if (!isZoneName(z)) {
      p.add(`${key}.zones[${i}]`, `"${z}" is not a DNS zone name; use e.g. example.com`);
    }
  });
  if (provider === "rfc2136") {
    checkKeys(p, key, o, ["provider", "zones", "nameserver", "tsigKeyName", "tsigAlgorithm"]);
    // The component checks the address, key name and algorithm; its messages name these keys.
    const tsigAlgorithm = str(p, `${key}.tsigAlgorithm`, o["tsigAlgorithm"], false);
    return {
      provider,
      zones,
      nameserver: str(p, `${key}.nameserver`, o["nameserver"], true) ?? "",
      tsigKeyName: str(p, `${key}.tsigKeyName`, o["tsigKeyName"], true) ?? "",
      ...(tsigAlgorithm !== undefined ? { tsigAlgorithm: tsigAlgorithm as TsigAlgorithm } : {}),
    };
  }
  if (provider === "cloudflare") {
    checkKeys(p, key, o, ["provider", "zones", "zoneIds", "accountId"]);
    const zoneIds = strings(p, `${key}.zoneIds`, o["zoneIds"], true);
    if (zoneIds.length !== zones.length) {
      p.add(`${key}.zoneIds`, "needs one Cloudflare zone id per entry of zones, in the same order");
    }
    const accountId = str(p, `${key}.accountId`, o["accountId"], true) ?? "";
    return { provider, zones, zoneIds, accountId };
  }
  checkKeys(p, key, o, [
    "provider",
    "zones",
    "hostedZoneIds",
    "region",
    "mode",
    "oidcProviderArn",
    "oidcIssuerUrl",
    "clusterName",
    "roleArn",
  ]);
  const hostedZoneIds = strings(p, `${key}.hostedZoneIds`, o["hostedZoneIds"], true);
  hostedZoneIds.forEach((id, i) => {
    if (!/^Z[A-Z0-9]{1,32}$/.test(id)) {
      p.add(`${key}.hostedZoneIds[${i}]`, `"${id}" is not a Route53 hosted zone id (Z...)`);
    }
  });
  if (hostedZoneIds.length !== zones.length) {
    p.add(`${key}.hostedZoneIds`, "needs one hosted zone id per entry of zones, in the same order");
  }
  const region = str(p, `${key}.region`, o["region"], true) ?? "";
  const mode = oneOf(p, `${key}.mode`, o["mode"], Object.values(Route53Mode), "irsa");
  const optional = (k: string): Record<string, string> => {
    const s = str(p, `${key}.${k}`, o[k], false);
    return s ? { [k]: s } : {};
  };
  const conf: Route53Config = {
    provider,
    zones,
    hostedZoneIds,
    region,
    mode,
    ...optional("oidcProviderArn"),
    ...optional("oidcIssuerUrl"),
    ...optional("clusterName"),
    ...optional("roleArn"),
  };
  if (mode === "irsa" && (!conf.oidcProviderArn || !conf.oidcIssuerUrl)) {
    p.add(`${key}.oidcProviderArn`, "IRSA needs oidcProviderArn and oidcIssuerUrl of the cluster");
  }
  if (mode === "podIdentity" && !conf.clusterName) {
    p.add(`${key}.clusterName`, "EKS Pod Identity needs the cluster name");
  }
  if (mode === "assumeRole" && !conf.roleArn) {
    p.add(`${key}.roleArn`, "assumeRole needs the ARN of the role to assume");
  }
  return conf;
}

function parseAcme(p: Problems, stack: string, env: Environment, v: Json): AcmeConfig | undefined {
  const key = "issuer.acme";
  if (v === undefined) {
    p.add(key, 'is required when issuer.type is "acme"');
    return undefined;
  }
  const o = obj(p, key, v, [
    "environment",
    "server",
    "stagingServer",
    "caBundle",
    "caBundleFile",
    "email",
    "dns01",
    "http01",
  ]);
  if (!o) return undefined;
  const environment = oneOf(
    p,
    `${key}.environment`,
    o["environment"],
    ["staging", "production"],
    "staging",
  );
  const server =
    str(p, `${key}.server`, o["server"], false) ??
    (environment === "production"
      ? ACME_DIRECTORIES.letsencryptProduction
      : ACME_DIRECTORIES.letsencryptStaging);
  const stagingServer = str(p, `${key}.stagingServer`, o["stagingServer"], false);
  const caBundle = caBundleOf(p, `${key}.caBundle`, o["caBundle"]);
  const caBundleFile = str(p, `${key}.caBundleFile`, o["caBundleFile"], false);
  if (caBundle !== undefined && caBundleFile !== undefined) {
    p.add(`${key}.caBundleFile`, "is set together with caBundle; give the CAs one way");
  }
  const email = str(p, `${key}.email`, o["email"], false);
  const dnsList = o["dns01"] === undefined ? [] : o["dns01"];
  if (!Array.isArray(dnsList)) {
    p.add(`${key}.dns01`, `must be a list of DNS-01 solvers, got ${shapeOf(dnsList)}`);
  }
  const dns01 = (Array.isArray(dnsList) ? dnsList : [])
    .map((d, i) => parseDns01(p, `${key}.dns01[${i}]`, d))
    .filter((d): d is Dns01Config => d !== undefined);
  const http01 = bool(p, `${key}.http01`, o["http01"], dns01.length === 0);
  const serverEnv = acmeEnvironment(server);
  if (
    env !== Environment.production &&
    (environment === "production" || serverEnv === "production")
  ) {
    p.add(
      key,
      `stack "${stack}" is not a production stack but uses the production ACME directory ${server}; use environment: staging (or a staging/test server) outside production`,
    );
  }
  if (environment === "staging" && serverEnv === "production") {
    p.add(`${key}.server`, `${server} is a production directory but environment is staging`);
  }
  const allZones = dns01.flatMap((d) => d.zones);
  if (new Set(allZones).size !== allZones.length) {
    p.add(`${key}.dns01`, "a zone is listed under two solvers; give each zone one solver");
  }
  if (stagingServer !== undefined && acmeEnvironment(stagingServer) === "production") {
    p.add(`${key}.stagingServer`, `${stagingServer} is a production directory; give a staging one`);
  }
  return {
    environment,
    server,
    ...(stagingServer ? { stagingServer } : {}),
    ...(caBundle ? { caBundle } : {}),
    ...(caBundleFile ? { caBundleFile } : {}),
    ...(email ? { email } : {}),
    dns01,
    http01,
  };
}

/**
 * A CA bundle given as PEM text or as base64 of it, as base64 (what `spec.acme.caBundle` holds).
 */
function caBundleOf(p: Problems, key: string, v: Json): string | undefined {
  const text = str(p, key, v, false)?.trim();
  if (text === undefined) return undefined;
  if (text.includes("-----BEGIN CERTIFICATE-----")) {
    return Buffer.from(`${text}\n`).toString("base64");
  }
  const compact = text.replace(/\s+/g, "");
  if (
    /^[A-Za-z0-9+/]+={0,2}$/.test(compact) &&
    Buffer.from(compact, "base64").toString("utf8").includes("-----BEGIN CERTIFICATE-----")
  ) {
    return compact;
  }
  p.add(key, "must be PEM certificates or base64 of them (e.g. from base64 -w0 ca.pem)");
  return undefined;
}

/**
 * The TSIG secret of the rfc2136 solvers: secret config, one key per stack. Not set, a preview
 * goes on with the value unknown (the render shows a masked Secret); a deployment stops here.
 */
function parseTsigSecret(
  p: Problems,
  v: Json,
  secret: boolean,
  acme: AcmeConfig | undefined,
  preview: boolean,
): string | undefined {
  const key = "tsigSecret";
  const rfc2136 = (acme?.dns01 ?? []).filter((d): d is Rfc2136Config => d.provider === "rfc2136");
  const set = `set it with 'pulumi config set --secret ${PROJECT}:${key} <base64>' (the secret tsig-keygen prints)`;
  if (v === undefined) {
    if (rfc2136.length > 0 && !preview)
      p.add(key, `is required by the rfc2136 DNS-01 solver; ${set}`);
    return undefined;
  }
  // Plain text is refused with the other credentials (plainCredentials), before this; an empty
  // value is no credential to that rule, but no secret either.
  if (!secret) {
    if (v === "") p.add(key, `is empty; ${set}`);
    return undefined;
  }
  if (rfc2136.length === 0) {
    p.add(key, "is only read by an rfc2136 DNS-01 solver under issuer.acme.dns01; remove it");
  }
  const names = [...new Set(rfc2136.map((d) => d.tsigKeyName))];
  if (names.length > 1) {
    p.add(
      key,
      `holds one TSIG secret, but the rfc2136 solvers name ${names.length} keys (${names.join(", ")}); give them one key`,
    );
  }
  if (typeof v !== "string") {
    p.add(key, `must be a string; ${set}`);
    return undefined;
  }
  // An offline run never decrypts: the value is a placeholder, unknown to the program.
  return isOfflineSecret(`${PROJECT}:${key}`, v) ? undefined : v;
}

function emptyApp(name: string): AppConfig {
  return { name, namespace: name, hosts: [], service: { name, port: 80 }, strategy: "edge" };
}

/**
 * Each host routes to one app, once; an app's hosts go into one certificate (cert-manager makes
 * one from the Ingress's tls hosts), which ACME CAs refuse above MAX_DNS_NAMES names.
 */
function checkAppHosts(p: Problems, apps: readonly AppConfig[]): void {
  const owner = new Map<string, { app: string; key: string }>();
  apps.forEach((app, i) => {
    if (app.strategy !== TlsStrategy.passthrough && app.hosts.length > MAX_DNS_NAMES) {
      p.add(
        `apps[${i}].hosts`,
        `${app.hosts.length} hosts, more than the ${MAX_DNS_NAMES} names one certificate can carry (ACME CAs refuse more); split them across several apps`,
      );
    }
    app.hosts.forEach((host, j) => {
      const key = `apps[${i}].hosts[${j}]`;
      const first = owner.get(host);
      if (!first) {
        owner.set(host, { app: app.name, key });
      } else if (first.key.startsWith(`apps[${i}].`)) {
        p.add(key, `"${host}" is listed twice (also ${first.key}); list each host once`);
      } else {
        p.add(
          key,
          `"${host}" is also a host of app "${first.app}" (${first.key}); a host routes to one app: remove it from one of them`,
        );
      }
    });
  });
}

function parseApps(p: Problems, v: Json): AppConfig[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    p.add("apps", `must be a list of applications, got ${shapeOf(v)}`);
    return [];
  }
  const seen = new Set<string>();
  return v.map((a, i) => {
    const key = `apps[${i}]`;
    const o = obj(p, key, a, ["name", "namespace", "hosts", "service", "strategy"]);
    // Kept in place, empty, so that later messages keep each app's index.
    if (!o) return emptyApp(`app-${i}`);
    const name = str(p, `${key}.name`, o["name"], true) ?? `app-${i}`;
    if (seen.has(name)) p.add(`${key}.name`, `"${name}" is used twice; app names must be unique`);
    seen.add(name);
    const hosts = strings(p, `${key}.hosts`, o["hosts"], true);
    hosts.forEach((h, j) => {
      if (!isValidDnsName(h)) p.add(`${key}.hosts[${j}]`, `"${h}" is not a valid host name`);
    });
    const serviceMap = obj(p, `${key}.service`, o["service"], ["name", "port"]);
    const service = serviceMap ?? {};
    return {
      name,
      namespace: str(p, `${key}.namespace`, o["namespace"], false) ?? name,
      hosts,
      service: {
        name: str(p, `${key}.service.name`, service["name"], serviceMap !== undefined) ?? name,
        port: int(p, `${key}.service.port`, service["port"], 80, 1, PORT_MAX),
      },
      strategy: oneOf(p, `${key}.strategy`, o["strategy"], Object.values(TlsStrategy), "edge"),
    };
  });
}

function zoneOf(host: string, zones: readonly string[]): boolean {
  return zones.some((zone) => inZone(host, zone));
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
        p.list.push(
          `${path}: holds a credential in plain text; set it with 'pulumi config set ${flags} ${path}'`,
        );
      }
    }
    if (ns !== PROJECT) continue;
    if (!(KEYS as readonly string[]).includes(key)) {
      p.add(key, `unknown key; allowed keys are ${KEYS.join(", ")}`);
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
    p.add("environment", "is required: dev, staging or production");
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
  const acme = issuerType === "acme" ? parseAcme(p, stack, environment, is["acme"]) : undefined;
  if (issuerType !== "acme" && is["acme"] !== undefined) {
    p.add("issuer.acme", 'is only read when issuer.type is "acme"; remove it or set issuer.type');
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
    ["required", "preferred", "none"] as const,
    "preferred",
  );
  if (antiAffinity === "required" && replicas > nodes) {
    p.add(
      "controller.antiAffinity",
      `required anti-affinity with ${replicas} replicas needs at least ${replicas} nodes, but nodes is ${nodes}; use "preferred" or add nodes`,
    );
  }
  const pdbMinAvailable =
    c["pdbMinAvailable"] === undefined
      ? undefined
      : int(p, "controller.pdbMinAvailable", c["pdbMinAvailable"], 1, 1);
  if (pdbMinAvailable !== undefined && pdbMinAvailable >= replicas) {
    p.add(
      "controller.pdbMinAvailable",
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
      p.add("controller.autoscaling", `min (${autoscaling.min}) is above max (${autoscaling.max})`);
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
  if (acme) {
    const dnsZones = acme.dns01.flatMap((d) => d.zones);
    apps.forEach((app, i) =>
      app.hosts.forEach((h, j) => {
        if (isWildcard(h) && !zoneOf(h, dnsZones)) {
          p.add(
            `apps[${i}].hosts[${j}]`,
            `wildcard "${h}" needs a DNS-01 solver for its zone; add its zone under issuer.acme.dns01 or list the names one by one`,
          );
        } else if (!acme.http01 && !zoneOf(h, dnsZones)) {
          p.add(
            `apps[${i}].hosts[${j}]`,
            `"${h}" is in no DNS-01 zone and HTTP-01 is off; add its zone under issuer.acme.dns01 or set issuer.acme.http01: true`,
          );
        }
      }),
    );
  }

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
    p.add("monitoring.enabled", "must be true in production: expiry alerts are the only warning");
  }

  const external = externalNamespaces({ mesh, meshRootNamespace, monitoring } as StackConfig);
  apps.forEach((app, i) => {
    const owner = external.find((e) => e.name === app.namespace);
    if (owner) {
      p.add(
        `apps[${i}].namespace`,
        `"${app.namespace}" is the namespace set by ${PROJECT}:${owner.key}, which another system owns; give the app its own namespace`,
      );
    }
  });

  if (p.list.length > 0) {
    throw new Error(
      `invalid configuration for stack "${stack}":\n  ${p.list.join("\n  ")}\nSee README.md, "Stack configuration".`,
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
