/**
 * The offline engine: Pulumi's mock monitor, extended to record every registered resource with
 * its parent and dependencies. `render`, `policy`, the tests and the benchmarks all run programs
 * through this one piece, so what `render` shows is what `policy` checks.
 */
import * as pulumi from "@pulumi/pulumi";
import { computedOutputs, placeholderStrings } from "./outputs";
import { decodeYaml, YAML_DECODE } from "./yaml-decode";
export { SECRET_SIG, SECRET_SIG_KEY, UNKNOWN } from "./engine-wire";

// The mock monitor is exported by the SDK but not re-exported from `pulumi.runtime`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mocksModule = require("@pulumi/pulumi/runtime/mocks") as {
  MockMonitor: new (mocks: pulumi.runtime.Mocks) => MonitorLike;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as {
  setMockOptions(monitor: unknown, project?: string, stack?: string, preview?: boolean): void;
  waitForRPCs(): Promise<void>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const state = require("@pulumi/pulumi/runtime/state") as {
  getStore(): Record<string, unknown> & { config: Record<string, string> };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const configModule = require("@pulumi/pulumi/runtime/config") as {
  configEnvKey: string;
  configSecretKeysEnvKey: string;
};

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getDependenciesList(): string[];
}
interface MonitorLike {
  newUrn(parent: string, type: string, name: string): string;
  registerResource(req: RegisterRequest, callback: (err: unknown, res: unknown) => void): unknown;
}

/** One resource as the program registered it. */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** URN of the parent, absent for resources parented to the stack. */
  readonly parent?: string;
  readonly custom: boolean;
  /** Inputs as the engine received them: secrets wrapped, unknowns as `UNKNOWN`. */
  readonly inputs: Record<string, unknown>;
  /** URNs this resource depends on (dependsOn and input dependencies). */
  readonly dependencies: readonly string[];
}

export interface EngineOptions {
  /** @default "tls-edge" */
  readonly project?: string;
  /** @default "test" */
  readonly stack?: string;
  /** Run as a preview, where values known only after deployment are unknown. @default true */
  readonly preview?: boolean;
  /** Stack configuration as `project:key` → value (a JSON string for objects). */
  readonly config?: Record<string, string>;
  /** Configuration keys (`project:key`) that hold secrets. */
  readonly secretKeys?: readonly string[];
}

/** An existing object the program reads (`Resource.get`) instead of creating. */
export interface RecordedRead {
  readonly type: string;
  readonly name: string;
  /** The id read, e.g. a namespace's name. */
  readonly id: string;
}

/** The resources recorded so far, in registration order. */
export class RecordingEngine {
  readonly resources: RecordedResource[] = [];
  /** Objects read rather than created: they must exist; offline every read succeeds. */
  readonly reads: RecordedRead[] = [];
  private readonly pending = new Map<
    string,
    { urn: string; parent: string; dependencies: string[] }
  >();
  /** Placeholder strings each resource's provider-computed outputs were answered with, by URN. */
  private readonly placeholders = new Map<string, readonly string[]>();

  /** @internal called by the monitor before the mock sees the request */
  noteRequest(
    type: string,
    name: string,
    urn: string,
    parent: string,
    dependencies: string[],
  ): void {
    this.pending.set(`${type}::${name}`, { urn, parent, dependencies });
  }

  /** @internal `placeholders`: what the offline engine answered for its computed outputs */
  record(args: pulumi.runtime.MockResourceArgs, placeholders: readonly string[] = []): void {
    const extra = this.pending.get(`${args.type}::${args.name}`);
    const urn = extra?.urn ?? `${args.type}::${args.name}`;
    if (placeholders.length) this.placeholders.set(urn, placeholders);
    this.resources.push({
      type: args.type,
      name: args.name,
      urn,
      ...(extra?.parent ? { parent: extra.parent } : {}),
      custom: args.custom ?? false,
      inputs: (args.inputs ?? {}) as Record<string, unknown>,
      dependencies: extra?.dependencies ?? [],
    });
  }

  /** Every resource of a type, e.g. `kubernetes:cert-manager.io/v1:Certificate`. */
  ofType(type: string): RecordedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** The one resource with this name (throws if there is none, or several). */
  named(name: string): RecordedResource {
    const found = this.resources.filter((r) => r.name === name);
    if (found.length !== 1) {
      const names = this.resources.map((r) => r.name).join(", ");
      throw new Error(`expected one resource named ${name}, found ${found.length}; have: ${names}`);
    }
    return found[0]!;
  }

  /** Names of the resources whose parent is the resource with this URN. */
  childrenOf(urn: string): RecordedResource[] {
    return this.resources.filter((r) => r.parent === urn);
  }

  /**
   * The placeholder strings a resource may hold where a value is known only after deployment:
   * those its dependencies' computed outputs were answered with in an offline "up".
   */
  placeholdersFor(resource: RecordedResource): ReadonlySet<string> {
    return new Set(resource.dependencies.flatMap((urn) => this.placeholders.get(urn) ?? []));
  }

  /** Forget what was recorded, e.g. between test cases in one process. */
  reset(): void {
    this.resources.length = 0;
    this.reads.length = 0;
    this.pending.clear();
    this.placeholders.clear();
  }
}

/**
 * Installs the recording mock engine. Call before any resource module is imported.
 */
export function startEngine(options: EngineOptions = {}): RecordingEngine {
  const engine = new RecordingEngine();
  const project = options.project ?? "tls-edge";
  const stack = options.stack ?? "test";
  const preview = options.preview ?? true;
  let counter = 0;

  const mocks: pulumi.runtime.Mocks = {
    newResource(args) {
      counter += 1;
      // The mock monitor passes a read's id here (a registration's import id is empty). A read
      // creates nothing, so it is kept out of the resources that render as objects.
      if (args.id) {
        engine.reads.push({ type: args.type, name: args.name, id: args.id });
        return { id: args.id, state: { ...args.inputs } };
      }
      const computed = computedOutputs(args.type, args.name, args.inputs, preview);
      engine.record(args, preview ? [] : placeholderStrings(computed));
      const state = { ...args.inputs, ...computed };
      return { id: args.custom ? `${args.name}-id-${counter}` : undefined, state };
    },
    call(args) {
      return callResult(args.token, args.inputs);
    },
  };

  const monitor = new mocksModule.MockMonitor(mocks);
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    const urn = monitor.newUrn(req.getParent(), req.getType(), req.getName());
    engine.noteRequest(
      req.getType(),
      req.getName(),
      urn,
      req.getParent(),
      req.getDependenciesList(),
    );
    return register(req, callback);
  };
  passConfig(options.config ?? {}, options.secretKeys ?? []);
  settings.setMockOptions(monitor, project, stack, preview);
  const store = state.getStore();
  Object.assign(store, {
    supportsSecrets: true,
    supportsResourceReferences: true,
    supportsOutputValues: false,
    supportsDeletedWith: true,
    supportsAliasSpecs: true,
    supportsTransforms: true,
    supportsInvokeDependsOn: false,
  });
  return engine;
}

/**
 * Hands the program its configuration as the Node.js language host does: the environment
 * variables PULUMI_CONFIG (a JSON map keyed `<namespace>:config:<name>`) and
 * PULUMI_CONFIG_SECRET_KEYS (a JSON list of `<namespace>:<name>`), see constructConfig in
 * sdk/nodejs/cmd/pulumi-language-nodejs/main.go. The SDK's store reads them when it is created
 * (runtime/state.js); a store an earlier program in this process made reads them again here.
 */
function passConfig(config: Record<string, string>, secretKeys: readonly string[]): void {
  const hostKeys: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    const at = key.indexOf(":");
    hostKeys[at > 0 ? `${key.slice(0, at)}:config:${key.slice(at + 1)}` : key] = value;
  }
  const { configEnvKey, configSecretKeysEnvKey } = configModule;
  process.env[configEnvKey] = JSON.stringify(hostKeys);
  process.env[configSecretKeysEnvKey] = JSON.stringify(secretKeys);
  state.getStore().config = {
    [configEnvKey]: process.env[configEnvKey],
    [configSecretKeysEnvKey]: process.env[configSecretKeysEnvKey],
  };
}

/** Answers for the few provider functions our components call. */
function callResult(token: string, inputs: Record<string, unknown>): Record<string, unknown> {
  switch (token) {
    case "aws:index/getPartition:getPartition":
      return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        accountId: "123456789012",
        arn: "arn:aws:iam::123456789012:user/offline",
        userId: "offline",
        id: "123456789012",
      };
    case "aws:index/getRegion:getRegion":
      return { name: "us-east-1", region: "us-east-1", id: "us-east-1" };
    case "cloudflare:index/getApiTokenPermissionGroupsList:getApiTokenPermissionGroupsList":
      return { results: [], ...inputs };
    case YAML_DECODE:
      return { result: decodeYaml(inputs["text"]) };
    default:
      return { ...inputs };
  }
}

/** Waits until every registration the program started has reached the engine. */
export async function settle(): Promise<void> {
  await settings.waitForRPCs();
}
