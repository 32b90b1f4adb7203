/** Go durations as cert-manager writes them (`2160h`, `720h0m0s`, `90m`). */

const UNIT_SECONDS: Readonly<Record<string, number>> = {
  h: 3600,
  m: 60,
  s: 1,
  ms: 1e-3,
  us: 1e-6,
  µs: 1e-6,
  ns: 1e-9,
};

/** Seconds in a Go duration string, or undefined when it is not one. */
export function parseGoDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(h|ms|m|s|us|µs|ns))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) {
    total += Number(match[1]) * UNIT_SECONDS[match[2]!]!;
  }
  return total;
}

/** `1296000` → `360h` (hours, as cert-manager users write them). */
export function formatHours(seconds: number): string {
  return `${Math.round((seconds / 3600) * 100) / 100}h`;
}
