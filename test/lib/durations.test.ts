import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  formatGoDuration,
  formatHours,
  parseGoDuration,
  parseGoDurationNanos,
} from "../../components/lib/durations";

/**
 * Inputs and what Go's `time.ParseDuration` returns for them, in nanoseconds (undefined: Go
 * returns an error). Produced by Go 1.26 (`int64(d)` of each input); the API server reads
 * Certificate durations with this function (`metav1.Duration`).
 */
const GO: readonly (readonly [string, bigint | undefined])[] = [
  ["0", 0n],
  ["+0", 0n],
  ["-0", 0n],
  [".5h", 1800000000000n],
  ["5.h", 18000000000000n],
  [".h", undefined],
  [".", undefined],
  ["1h30m", 5400000000000n],
  ["1.5h", 5400000000000n],
  ["2160h", 7776000000000000n],
  ["720h0m0s", 2592000000000000n],
  ["90m", 5400000000000n],
  ["300ms", 300000000n],
  ["1us", 1000n],
  ["1\u00b5s", 1000n],
  ["1\u03bcs", 1000n],
  ["1ns", 1n],
  ["1.000000001s", 1000000001n],
  ["0.0000000001s", 0n],
  ["-1h", -3600000000000n],
  ["+1h", 3600000000000n],
  ["90d", undefined],
  ["720", undefined],
  ["1h ", undefined],
  [" 1h", undefined],
  ["1h30", undefined],
  ["h", undefined],
  ["1H", undefined],
  ["2562047h47m16.854775807s", 9223372036854775807n],
  ["2562047h47m16.854775808s", undefined],
  ["-2562047h47m16.854775808s", -9223372036854775808n],
  ["9223372036854775807ns", 9223372036854775807n],
  ["9223372036854775808ns", undefined],
  ["99999999999999999999h", undefined],
  ["1.123456789123456789123456789s", 1123456789n],
  ["3.5m", 210000000000n],
  ["1e3s", undefined],
  ["1_0s", undefined],
  ["0h", 0n],
  ["00h", 0n],
  ["0.0s", 0n],
  ["1m.5s", 60500000000n],
];

describe("Go durations", () => {
  it("reads every input as Go's time.ParseDuration does, to the nanosecond", () => {
    for (const [text, nanos] of GO) assert.equal(parseGoDurationNanos(text), nanos, text);
  });

  it("gives milliseconds", () => {
    assert.equal(parseGoDuration("720h"), 720 * 3_600_000);
    assert.equal(parseGoDuration("1h30m"), 90 * 60_000);
    assert.equal(parseGoDuration(".5h"), 30 * 60_000);
    assert.equal(parseGoDuration("300ms"), 300);
    assert.equal(parseGoDuration("1us"), 0.001);
    assert.equal(parseGoDuration("-1h"), -3_600_000);
    assert.equal(parseGoDuration("0"), 0);
    assert.equal(parseGoDuration("90d"), undefined);
  });

  it("prints durations in hours, minutes and seconds, and in hours", () => {
    assert.equal(formatGoDuration((100 * 3_600_000) / 3), "33h20m");
    assert.equal(formatGoDuration(8 * 3_600_000), "8h");
    assert.equal(formatGoDuration(0), "0s");
    assert.equal(formatHours(1_296_000_000), "360h");
    assert.equal(formatHours(5_400_000), "1.5h");
  });
});
