/**
 * Twins for the plugin package's unit tests: what a library component registers given TypeScript
 * arguments, and what the plugin's wrapper registers given the same arguments in its own shape.
 * Each twin runs alone (the recording engine keys registrations by type and name, which twins
 * share), and everything below the wrapper is compared: types, names, inputs as the engine gets
 * them (secrets wrapped) and what each depends on.
 */
import assert from "node:assert/strict";
import { settle, type RecordingEngine } from "../helpers/mocks";

/** One registration, as comparable across twins. */
export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly inputs: unknown;
  /** Names of what it depends on. */
  readonly dependsOn: readonly string[];
}

/** The mock engine's ids carry a counter (`<name>-id-<n>`); the rest of an id is the name. */
const normalized = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value).replace(/-id-\d+/g, "-id-N"));

/**
 * What `make` registers, once the engine has settled: every resource but the plugin wrappers
 * themselves (`tls-edge:index:*`), sorted by type and name (registration order is asynchronous).
 */
export async function registrations(
  engine: RecordingEngine,
  make: () => void,
): Promise<Registration[]> {
  engine.reset();
  make();
  await settle();
  return engine.resources
    .filter((r) => !r.type.startsWith("tls-edge:index:"))
    .map((r) => ({
      type: r.type,
      name: r.name,
      inputs: normalized(r.inputs),
      dependsOn: r.dependencies.map((urn) => urn.split("::").pop()!).sort(),
    }))
    .sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
}

/** `type name` of each registration, for the tests that a twin is not empty. */
export const kinds = (rs: readonly { type: string; name: string }[]): string[] =>
  rs.map((r) => `${r.type} ${r.name}`);

/** Asserts `make` throws exactly `message` and registers nothing at all (not even the wrapper). */
export async function refusedBeforeRegistering(
  engine: RecordingEngine,
  make: () => unknown,
  message: string,
): Promise<void> {
  engine.reset();
  assert.throws(make, { message });
  await settle();
  assert.deepEqual(kinds(engine.resources), [], "registered before refusing");
}
