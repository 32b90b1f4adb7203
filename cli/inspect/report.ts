/**
 * How inspection results are shown: a table and the fix for each problem, or JSON.
 */
import { escapeForTerminal as safe } from "../terminal";
import { FIXES, type ProblemCode } from "./problems";
import type { InspectResult } from "./inspect";

/** The JSON shape `--json` prints for each target. */
export interface InspectJson {
  readonly target: string;
  readonly servername: string | null;
  readonly ok: boolean;
  readonly problems: { code: ProblemCode; message: string; fix: string }[];
  readonly daysLeft: number | null;
  readonly subject: string | null;
  readonly issuer: string | null;
  readonly sans: readonly string[];
  readonly notAfter: string | null;
  readonly protocol: string | null;
}

export function toJson(results: readonly InspectResult[]): InspectJson[] {
  return results.map((r) => ({
    target: r.target,
    servername: r.servername,
    ok: r.ok,
    problems: r.problems.map((p) => ({ code: p.code, message: p.message, fix: FIXES[p.code] })),
    daysLeft: r.daysLeft,
    subject: r.subject,
    issuer: r.issuer,
    sans: r.sans,
    notAfter: r.notAfter,
    protocol: r.protocol,
  }));
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/**
 * The table, then each problem found with what to do, grouped by code. Every field that came
 * from the server (names, messages quoting them) is escaped: a certificate cannot write to the
 * terminal.
 */
export function formatHuman(results: readonly InspectResult[]): string {
  const rows = [["TARGET", "DAYS", "PROTOCOL", "ISSUER", "PROBLEMS"]];
  for (const r of results) {
    rows.push([
      safe(r.target),
      r.daysLeft === null ? "-" : String(r.daysLeft),
      safe(r.protocol ?? "-"),
      safe(r.issuerName || "-"),
      r.problems.length ? r.problems.map((p) => p.code).join(",") : "ok",
    ]);
  }
  const sections: string[] = [table(rows)];
  const byCode = new Map<ProblemCode, string[]>();
  for (const r of results) {
    for (const p of r.problems) {
      byCode.set(p.code, [
        ...(byCode.get(p.code) ?? []),
        `  ${safe(r.target)}: ${safe(p.message)}`,
      ]);
    }
  }
  for (const [code, lines] of byCode) {
    sections.push(`${code}\n${lines.join("\n")}\n  fix: ${FIXES[code]}`);
  }
  const failing = results.filter((r) => !r.ok).length;
  sections.push(
    failing === 0
      ? `${results.length} target(s), no problems`
      : `${failing} of ${results.length} target(s) with problems`,
  );
  return sections.join("\n\n");
}
