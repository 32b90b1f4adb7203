/**
 * The mocks helper for component tests: the same recording engine `tls-edge render` uses, plus
 * the checks every component test runs over what it recorded.
 */
import {
  startEngine,
  settle,
  type EngineOptions,
  type RecordingEngine,
} from "../../cli/offline/engine";
import {
  isKubernetesObject,
  toKubernetesObject,
  type KubernetesObject,
} from "../../cli/offline/objects";
import { revealValue } from "../../cli/offline/engine-wire";
import { assertSchemaValid } from "./schema";
import { assertNoPlainSecrets } from "./secrets";

export { settle, type RecordingEngine };

/** Installs the recording mock engine; call at the top of a test file, before importing components. */
export function useMocks(options: EngineOptions = {}): RecordingEngine {
  return startEngine(options);
}

/** Every Kubernetes object recorded so far, with secrets revealed (what the API server gets). */
export function kubernetesObjects(engine: RecordingEngine): KubernetesObject[] {
  return engine.resources.filter(isKubernetesObject).map((r) => toKubernetesObject(r));
}

/** A recorded resource's inputs with secret wrappers removed. */
export function inputsOf(engine: RecordingEngine, name: string): Record<string, unknown> {
  return revealValue(engine.named(name).inputs) as Record<string, unknown>;
}

/** Waits for registrations, then runs the strict schema check and the secrets check. */
export async function checkAll(engine: RecordingEngine): Promise<void> {
  await settle();
  await assertSchemaValid(kubernetesObjects(engine));
  assertNoPlainSecrets(engine.resources);
}
