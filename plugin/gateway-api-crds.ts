/**
 * GatewayApiCrds as other languages see it: the library's arguments, and its files as a plain list.
 * An IngressController (`gatewayApi`) or a TlsGateway (`crds`) of this package names it by its
 * resource name; the provider process that constructs both keeps it for them.
 */
import { isAbsolute } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as lib from "../components/edge";
import { isUrl } from "../components/edge/gateway-api-crds";
import type { GatewayApiCrdsArgs } from "../components/edge";
import { named, register } from "./registry";

export type { GatewayApiCrdsArgs };

/** The GatewayApiCrds named by `field` (e.g. `TlsGatewayArgs.crds`), constructed earlier. */
export function crdsNamed(field: string, name: string): lib.GatewayApiCrds {
  return named<lib.GatewayApiCrds>("GatewayApiCrds", field, name);
}

/** The Gateway API CRDs, applied before the Gateways and controllers that list this in dependsOn. */
export class GatewayApiCrds extends pulumi.ComponentResource {
  /** The URL or local path the CRDs come from. */
  public readonly source: string;
  /** What is applied: the URL, the file, or the folder's YAML files. */
  public readonly files: string[];

  constructor(name: string, args: GatewayApiCrdsArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    // The provider process does not run in the program's folder: a relative path would name a
    // file next to the plugin, not the one the program means.
    const { source } = args;
    if (source !== undefined && !isUrl(source) && !isAbsolute(source)) {
      throw new Error(
        `GatewayApiCrdsArgs.source: ${JSON.stringify(source)} is a relative path, which the ` +
          "plugin would read from its own folder, not your program's; give a URL or an absolute path",
      );
    }
    lib.validateGatewayApiCrdsArgs(args); // before anything is registered
    super("tls-edge:index:GatewayApiCrds", name, {}, opts);
    const crds = new lib.GatewayApiCrds(name, args, { parent: this });
    this.source = crds.source;
    this.files = [...crds.files];
    register("GatewayApiCrds", name, crds);
    this.registerOutputs({ source: this.source, files: this.files });
  }
}
