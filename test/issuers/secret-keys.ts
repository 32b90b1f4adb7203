import assert from "node:assert/strict";
import type { RecordedResource } from "../../cli/offline/engine";
import { isSecretValue, revealValue } from "../../cli/offline/engine-wire";

/** Asserts that a recorded Secret's `stringData` reached the engine as a secret, with these keys. */
export function assertSecretKeys(secret: RecordedResource, keys: readonly string[]): void {
  const data = secret.inputs["stringData"];
  assert.ok(isSecretValue(data), `${secret.name}: stringData is not a secret`);
  const revealed = revealValue(data) as Record<string, unknown>;
  assert.deepEqual(Object.keys(revealed).sort(), [...keys].sort());
}
