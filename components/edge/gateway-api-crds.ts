/**
 * The Gateway API CRDs (gateway.networking.k8s.io) as an explicit part of a stack. Traefik's
 * chart 41 ships none, and cert-manager's Gateway API support, Traefik's Gateway provider and
 * every Gateway, HTTPRoute and TLSRoute need them first: each takes `ready` in its dependsOn.
 * @see https://gateway-api.sigs.k8s.io/guides/#installing-gateway-api
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { GATEWAY_API } from "../known";
import { outputProblems } from "../lib/inputs";
import { hasPulumiType } from "../lib/instance";
import { Problems } from "../lib/problems";

export interface GatewayApiCrdsArgs {
  /**
   * Where the CRDs come from: a release manifest URL, or a local file or folder of YAML files
   * (e.g. a release's `config/crd/standard`), relative to the program's directory.
   * @default GATEWAY_API.standardInstall (the v1.5.1 standard channel)
   * @see https://github.com/kubernetes-sigs/gateway-api/releases
   */
  readonly source?: string;
}

/** TLSRoute `gateway.networking.k8s.io/v1`, which passthrough listeners use, is new in v1.5. */
const FIRST_WITH_TLSROUTE_V1 = [1, 5] as const;

/** Whether a CRD source is a URL (any scheme) rather than a local path. */
export function isUrl(source: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(source);
}

/** The YAML files of a folder, in name order; kustomize's own file is not a manifest. */
function yamlFilesIn(dir: string): string[] {
  return readdirSync(resolve(dir))
    .filter((f) => /\.ya?ml$/.test(f) && !/^kustomization\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** The files (or the URL) the ConfigGroup reads: a folder becomes its YAML files. */
export function gatewayApiCrdFiles(source: string): string[] {
  if (isUrl(source)) return [source];
  return statSync(resolve(source)).isDirectory() ? yamlFilesIn(source) : [source];
}

/** The Gateway API minor versions a source names (release URL or bundle-version annotations). */
function versionsOf(source: string): [number, number][] {
  const texts = isUrl(source)
    ? [source.replace(/.*\/releases\/download\/(v\d+\.\d+\.\d+)\/.*/, "bundle-version: $1")]
    : gatewayApiCrdFiles(source).map((f) => readFileSync(resolve(f), "utf8"));
  return texts.flatMap((t) =>
    [...t.matchAll(/bundle-version: v(\d+)\.(\d+)\./g)].map(
      (m) => [Number(m[1]), Number(m[2])] as [number, number],
    ),
  );
}

/** Checks that the source is an https URL or a readable local path of Gateway API v1.5+. */
export function validateGatewayApiCrdsArgs(args: GatewayApiCrdsArgs): void {
  const p = new Problems();
  outputProblems(p, "GatewayApiCrdsArgs", args, [], "the CRD files are read at construction");
  p.throwIfAny();
  const at = "GatewayApiCrdsArgs.source";
  const source = args.source ?? GATEWAY_API.standardInstall;
  const fix = `use the release manifest, e.g. ${GATEWAY_API.standardInstall}, or a local file or folder`;
  if (source === "") {
    p.add(at, "is empty", fix);
  } else if (isUrl(source) && !source.startsWith("https://")) {
    p.add(at, `${JSON.stringify(source)} is not an https URL`, fix);
  } else if (!isUrl(source) && !existsSync(resolve(source))) {
    p.add(at, `${JSON.stringify(source)} does not exist`, fix);
  } else if (!isUrl(source) && gatewayApiCrdFiles(source).length === 0) {
    p.add(at, `${JSON.stringify(source)} holds no YAML files`, fix);
  } else {
    const [major, minor] = FIRST_WITH_TLSROUTE_V1;
    const old = versionsOf(source).find(([a, b]) => a < major || (a === major && b < minor));
    if (old) {
      p.add(
        at,
        `${JSON.stringify(source)} is Gateway API v${old[0]}.${old[1]}, which has no TLSRoute v1`,
        `use v${major}.${minor} or newer, e.g. ${GATEWAY_API.standardInstall}`,
      );
    }
  }
  p.throwIfAny();
}

/** The Gateway API CRDs, applied before anything that depends on `ready`. */
export class GatewayApiCrds extends pulumi.ComponentResource {
  /** The Pulumi type token of GatewayApiCrds. */
  public static readonly __pulumiType = "tls-edge:edge:GatewayApiCrds";

  /** Whether `obj` is a GatewayApiCrds, also one made by another loaded copy of tls-edge. */
  public static override isInstance(obj: unknown): obj is GatewayApiCrds {
    return hasPulumiType(obj, GatewayApiCrds.__pulumiType);
  }

  /** The URL or local path the CRDs come from. */
  public readonly source: string;
  /** What the ConfigGroup reads: the URL, the file, or the folder's YAML files. */
  public readonly files: readonly string[];
  public readonly group: k8s.yaml.v2.ConfigGroup;
  /** What CRD users (cert-manager, the controller's release, Gateways) depend on. */
  public readonly ready: pulumi.Resource[];

  constructor(name: string, args: GatewayApiCrdsArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    validateGatewayApiCrdsArgs(args);
    super(GatewayApiCrds.__pulumiType, name, {}, opts);
    this.source = args.source ?? GATEWAY_API.standardInstall;
    this.files = gatewayApiCrdFiles(this.source);
    // A ConfigGroup (yaml/v2) rather than the in-process yaml.ConfigFile: the provider reads the
    // URL or files at deploy time and applies CRDs before other objects of the group, and the
    // offline engine records it as one resource with its `files`, so rendering fetches nothing.
    this.group = new k8s.yaml.v2.ConfigGroup(
      `${name}-crds`,
      { files: [...this.files] },
      { parent: this },
    );
    this.ready = [this.group];
    this.registerOutputs({ source: this.source, files: this.files, group: this.group });
  }
}
