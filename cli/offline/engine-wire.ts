/**
 * How values look on the wire between a Pulumi program and the engine, and the helpers that
 * read them: secrets arrive wrapped, values known only after deployment as a sentinel.
 */

/** Wrapper key and signature Pulumi uses for secrets on the wire. */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** The wire value of an unknown (computed) value. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** What a masked secret looks like in everything tls-edge writes. */
export const MASKED = "[secret]";
/** What a value known only after deployment looks like in everything tls-edge writes. */
export const UNKNOWN_TEXT = "(known after deployment)";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True for a secret-wrapped wire value. */
export function isSecretValue(value: unknown): value is { value: unknown } {
  return isRecord(value) && value[SECRET_SIG_KEY] === SECRET_SIG;
}

/** True for the unknown sentinel (in either of the forms the SDK uses). */
export function isUnknownValue(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  // The SDK deserializes unknowns during previews to its `unknown` object.
  return isRecord(value) && value.constructor?.name === "Unknown";
}

/** Every leaf replaced by `[secret]`, keeping maps and lists so readers see which keys exist. */
function maskAll(value: unknown): unknown {
  if (isSecretValue(value)) return maskAll(value.value);
  if (Array.isArray(value)) return value.map(maskAll);
  if (isRecord(value) && !isUnknownValue(value)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) out[k] = maskAll(value[k]);
    return out;
  }
  return MASKED;
}

/**
 * A copy with secrets replaced by `[secret]` and values known only after deployment by a
 * readable marker, each at its leaf so maps and lists keep their shape. `placeholders` are the
 * strings an offline "up" answered for provider-computed values (see
 * `RecordingEngine.placeholdersFor`): they are marked as unknowns are.
 */
export function maskValue(value: unknown, placeholders: ReadonlySet<string> = new Set()): unknown {
  if (isSecretValue(value)) return maskAll(value.value);
  if (isUnknownValue(value)) return UNKNOWN_TEXT;
  if (typeof value === "string" && placeholders.has(value)) return UNKNOWN_TEXT;
  if (Array.isArray(value)) return value.map((v) => maskValue(v, placeholders));
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskValue(v, placeholders);
    return out;
  }
  return value;
}

/** A copy with secret wrappers removed (the plain values), unknowns kept as UNKNOWN_TEXT. */
export function revealValue(value: unknown): unknown {
  if (isSecretValue(value)) return revealValue(value.value);
  if (isUnknownValue(value)) return UNKNOWN_TEXT;
  if (Array.isArray(value)) return value.map(revealValue);
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = revealValue(v);
    return out;
  }
  return value;
}
