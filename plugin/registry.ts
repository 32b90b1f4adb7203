/**
 * Components other languages name instead of passing: a component of this package registers
 * itself under its resource name when constructed, and a later one of the same program looks it
 * up by that name. Both are constructed by the one provider process that serves the program, so
 * the lookup finds the real object; the later one must list the earlier in `dependsOn`, which
 * also orders their construction.
 */
const registries = new Map<string, Map<string, unknown>>();

/** Records `object` as the `kind` component named `name`. */
export function register<T>(kind: string, name: string, object: T): void {
  let byName = registries.get(kind);
  if (!byName) registries.set(kind, (byName = new Map()));
  byName.set(name, object);
}

/** The `kind` component named `name` constructed earlier in this process, if any. */
export function registered(kind: string, name: string): unknown {
  return registries.get(kind)?.get(name);
}

/**
 * The `kind` component named `name`, constructed earlier in this program; `field` is the argument
 * that names it (e.g. `TlsIngressArgs.via`), for the error.
 */
export function named<T>(kind: string, field: string, name: string): T {
  const object = registered(kind, name);
  if (object === undefined) {
    throw new Error(
      `${field}: no ${kind} named "${name}" is created before this component; create the ` +
        `${kind} earlier in the program under that name and list it in this component's dependsOn`,
    );
  }
  return object as T;
}
