/**
 * For the plugin tests: what a build registers under the mocks, so a plugin wrapper can be held to
 * the library component it wraps (same resources, same names, same inputs, secrets still secret),
 * and a refused build to registering nothing.
 */
import assert from "node:assert/strict";
import { settle, type RecordingEngine } from "../helpers/mocks";

/** Every resource `build` registers but the plugin's own wrapper, by type and name, with its raw inputs. */
export async function registered(
  engine: RecordingEngine,
  build: () => unknown,
): Promise<Map<string, unknown>> {
  engine.reset();
  build();
  await settle();
  return new Map(
    engine.resources
      .filter((r) => !r.type.startsWith("tls-edge:index:"))
      .map((r) => [`${r.type} ${r.name}`, r.inputs] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

/** The plugin build registers what the library build does, and something at all. */
export async function assertTwins(
  engine: RecordingEngine,
  fromPlugin: () => unknown,
  fromLibrary: () => unknown,
): Promise<void> {
  const plugin = await registered(engine, fromPlugin);
  const library = await registered(engine, fromLibrary);
  assert.ok(library.size > 1, "the library build registers its children");
  assert.deepEqual([...plugin.keys()], [...library.keys()]);
  for (const [key, inputs] of plugin) assert.deepEqual(inputs, library.get(key), key);
}

/** `build` throws `message` and registers nothing, not even the wrapper. */
export async function assertRefused(
  engine: RecordingEngine,
  build: () => unknown,
  message: RegExp,
): Promise<void> {
  engine.reset();
  assert.throws(build, message);
  await settle();
  assert.deepEqual(
    engine.resources.map((r) => r.name),
    [],
  );
}
