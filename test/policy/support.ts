/**
 * Policy test support: build a scenario with real Pulumi resources under the recording engine,
 * check it like every component test (strict schema, secrets), then run the pack on it through
 * `evaluate`, the CLI's path.
 */
import type { RecordingEngine } from "../helpers/mocks";
import { checkAll, kubernetesObjects, settle } from "../helpers/mocks";
import { assertSchemaValid } from "../helpers/schema";
import type { RecordedResource } from "../../cli/offline/engine";
import type { KubernetesObject } from "../../cli/offline/objects";
import { stackOfUrn } from "../../policy/lib/stack";
import { evaluate, type EvaluateOptions, type Violation } from "../../policy/evaluate";

export interface ScenarioOptions {
  /**
   * Skip the plain-secrets check: only for scenarios whose point is key material in the wrong
   * place (the `secrets` rule's failing cases); the schema check still runs.
   */
  readonly plainSecretsOnPurpose?: boolean;
}

/** Records what `build` registers (forgetting earlier scenarios) and checks it. */
export async function scenario(
  engine: RecordingEngine,
  build: () => void | Promise<void>,
  options: ScenarioOptions = {},
): Promise<RecordedResource[]> {
  await settle();
  engine.reset();
  await build();
  await settle();
  if (options.plainSecretsOnPurpose) {
    await assertSchemaValid(kubernetesObjects(engine));
  } else {
    await checkAll(engine);
  }
  // Objects inside YAML groups are not resources under mocks: check their schema here.
  const grouped = engine.resources
    .filter((r) => r.type === "kubernetes:yaml/v2:ConfigGroup")
    .flatMap((r) => (Array.isArray(r.inputs["objs"]) ? r.inputs["objs"] : []));
  await assertSchemaValid(grouped as KubernetesObject[]);
  return [...engine.resources];
}

/** The violations one rule reports for the resources (checked as `options.stack` if given). */
export async function violationsOf(
  resources: readonly RecordedResource[],
  policy: string,
  options: Partial<EvaluateOptions> & { stack?: string } = {},
): Promise<Violation[]> {
  // By default, the stack the engine recorded the resources in.
  const stack = stackOfUrn(resources[0]?.urn ?? "urn:pulumi:dev::p");
  const result = await evaluate(resources, { stack, ...options });
  return result.violations.filter((v) => v.policy === policy);
}

/** Just the messages, for exact comparisons. */
export async function messagesOf(
  resources: readonly RecordedResource[],
  policy: string,
  options: Partial<EvaluateOptions> = {},
): Promise<string[]> {
  return (await violationsOf(resources, policy, options)).map((v) => v.message);
}
