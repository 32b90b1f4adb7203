/**
 * For the plugin tests: what a build registers under the mocks, so a plugin wrapper can be held to
 * the library component it wraps (same resources, same names, same inputs, secrets still secret),
 * and a refused build to registering nothing. Twins are compared by what each resource depends on
 * too.
 */
import assert from "node:assert/strict";
import { settle, type RecordingEngine } from "../helpers/mocks";

/** The mock engine's ids carry a counter (`<name>-id-<n>`); the rest of an id is the name. */
const sameIds = (inputs: unknown): unknown =>
  JSON.parse(JSON.stringify(inputs).replace(/-id-\d+"/g, '-id-N"'));

/**
 * Every resource `build` registers but the plugin's own wrapper, by type and name: its raw inputs
 * and the names of what it depends on.
 */
export async function registered(
  engine: RecordingEngine,
  build: () => unknown,
): Promise<Map<string, { inputs: unknown; dependsOn: string[] }>> {
  engine.reset();
  build();
  await settle();
  return new Map(
    engine.resources
      .filter((r) => !r.type.startsWith("tls-edge:index:"))
      .map((r) => {
        const dependsOn = r.dependencies.map((urn) => urn.split("::").pop()!).sort();
        return [`${r.type} ${r.name}`, { inputs: sameIds(r.inputs), dependsOn }] as const;
      })
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

/**
 * The plugin build registers what the library build does, and something at all; returns what
 * they register (`type name`).
 */
export async function assertTwins(
  engine: RecordingEngine,
  fromPlugin: () => unknown,
  fromLibrary: () => unknown,
): Promise<string[]> {
  const plugin = await registered(engine, fromPlugin);
  const library = await registered(engine, fromLibrary);
  assert.ok(library.size > 1, "the library build registers its children");
  assert.deepEqual([...plugin.keys()], [...library.keys()]);
  for (const [key, registration] of plugin) assert.deepEqual(registration, library.get(key), key);
  return [...library.keys()];
}

/** `build` throws `message` (a string: exactly that) and registers nothing, not even the wrapper. */
export async function assertRefused(
  engine: RecordingEngine,
  build: () => unknown,
  message: RegExp | string,
): Promise<void> {
  engine.reset();
  assert.throws(build, typeof message === "string" ? { message } : message);
  await settle();
  assert.deepEqual(
    engine.resources.map((r) => r.name),
    [],
  );
}
