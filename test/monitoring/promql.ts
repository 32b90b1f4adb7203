/**
 * PromQL syntax check with Prometheus' own lezer grammar: an expression is valid when the
 * parse tree has no error nodes (shown as ⚠ in the tree's string form).
 */
import { parser } from "@prometheus-io/lezer-promql";

/** Positions of syntax errors in an expression; empty when it parses. */
export function promqlErrors(expr: string): number[] {
  const errors: number[] = [];
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError) errors.push(node.from);
    },
  });
  return errors;
}

/** Throws, naming the expression, when it does not parse. */
export function assertPromql(expr: string): void {
  const errors = promqlErrors(expr);
  if (errors.length) throw new Error(`PromQL syntax error at ${errors.join(", ")} in: ${expr}`);
}
