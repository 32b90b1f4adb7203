/**
 * Go durations (`spec.duration`, `spec.renewBefore` of a cert-manager Certificate), read with
 * the grammar of Go's `time.ParseDuration`, which the API server applies to them
 * (`metav1.Duration`): an optional sign, then one or more decimal numbers each with a unit
 * (`ns`, `us`, `µs`, `μs`, `ms`, `s`, `m`, `h`), e.g. `2160h`, `1h30m`, `1.5h`, `.5h`, `-1h`;
 * `0` alone needs no unit. No spaces, no days. Used alike by the components and the policy pack.
 */

const NANOS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  "\u00b5s": 1_000n, // µ, MICRO SIGN
  "\u03bcs": 1_000n, // μ, GREEK SMALL LETTER MU
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const MAX = 1n << 63n;

/**
 * The duration in nanoseconds, exactly as `time.ParseDuration` computes it (src/time/format.go),
 * or undefined where it fails: no unit (`720`), an unknown unit (`90d`), a number without
 * digits (`.h`), spaces, or beyond Go's ±2562047h47m16.854775807s.
 */
export function parseGoDurationNanos(text: string): bigint | undefined {
  let s = text;
  let negative = false;
  if (s.startsWith("-") || s.startsWith("+")) {
    negative = s.startsWith("-");
    s = s.slice(1);
  }
  if (s === "0") return 0n;
  if (s === "") return undefined;
  let total = 0n;
  while (s !== "") {
    const m = /^([0-9]*)(?:\.([0-9]*))?/.exec(s)!;
    const [whole, int = "", frac] = m;
    if (int === "" && (frac === undefined || frac === "")) return undefined;
    s = s.slice(whole.length);
    const unitEnd = s.search(/[0-9.]/);
    const unit = unitEnd < 0 ? s : s.slice(0, unitEnd);
    s = s.slice(unit.length);
    const nanos = NANOS[unit];
    if (nanos === undefined) return undefined;
    const v = BigInt(int || "0");
    if (v > MAX / nanos) return undefined;
    let value = v * nanos;
    // Go keeps the fraction's digits while they fit in an int64 and scales in float64.
    let f = 0n;
    let scale = 1;
    for (const digit of frac ?? "") {
      if (f > (MAX - 1n) / 10n) break;
      f = f * 10n + BigInt(digit);
      scale *= 10;
    }
    if (f > 0n) {
      value += BigInt(Math.trunc(Number(f) * (Number(nanos) / scale)));
      if (value > MAX) return undefined;
    }
    total += value;
    if (total > MAX) return undefined;
  }
  if (!negative && total > MAX - 1n) return undefined;
  return negative ? -total : total;
}

/**
 * The duration in milliseconds (with a fraction below one millisecond), or undefined where
 * Go's `time.ParseDuration` fails; see parseGoDurationNanos.
 */
export function parseGoDuration(text: string): number | undefined {
  const nanos = parseGoDurationNanos(text);
  return nanos === undefined ? undefined : Number(nanos) / 1e6;
}

/** A duration in milliseconds as Go prints it, in hours, minutes and seconds (`33h20m`). */
export function formatGoDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts = [h ? `${h}h` : "", m ? `${m}m` : "", s ? `${s}s` : ""].join("");
  return parts || "0s";
}

/** A duration in milliseconds in hours, to two decimals (`1296000000` → `360h`). */
export function formatHours(ms: number): string {
  return `${Math.round((ms / 3_600_000) * 100) / 100}h`;
}
