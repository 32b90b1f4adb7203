/**
 * Components built from the stack config name the config keys in their validation errors, not
 * their argument paths.
 */
import { PROJECT } from "./config-reader";

/**
 * Rewrites the argument paths of one component in an error message to the config keys they came
 * from: with `{ "backend.port": "apps[0].service.port" }`, `TlsIngressArgs.backend.port` reads
 * `tls-edge:apps[0].service.port` (and `hosts[2]` under `hosts` keeps its index). Paths with no
 * config key behind them stay as they are.
 */
export function configKeysIn(
  message: string,
  argsName: string,
  keys: Readonly<Record<string, string>>,
): string {
  const paths = Object.keys(keys).sort((a, b) => b.length - a.length);
  return message.replace(
    new RegExp(`\\b${argsName}((?:\\.[A-Za-z0-9]+|\\[\\d+\\])*)`, "g"),
    (whole, path: string) => {
      const rel = path.replace(/^\./, "");
      const key = paths.find(
        (k) => rel === k || rel.startsWith(`${k}.`) || rel.startsWith(`${k}[`),
      );
      return key === undefined ? whole : `${PROJECT}:${keys[key]}${rel.slice(key.length)}`;
    },
  );
}

/** Constructs a component from config; its validation errors name the config keys. */
export function fromConfig<T>(
  argsName: string,
  keys: Readonly<Record<string, string>>,
  make: () => T,
): T {
  try {
    return make();
  } catch (err) {
    if (err instanceof Error) err.message = configKeysIn(err.message, argsName, keys);
    throw err;
  }
}
