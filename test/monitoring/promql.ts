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

/** A node of the parse tree, with its source text. */
export interface PromqlNode {
  readonly type: string;
  readonly text: string;
  readonly children: PromqlNode[];
  readonly parent?: PromqlNode;
}

/** The parse tree of an expression (throws when it does not parse). */
export function promqlTree(expr: string): PromqlNode {
  assertPromql(expr);
  type SyntaxNode = ReturnType<typeof parser.parse>["topNode"];
  const build = (node: SyntaxNode, parent?: PromqlNode): PromqlNode => {
    const self: { type: string; text: string; children: PromqlNode[]; parent?: PromqlNode } = {
      type: node.type.name,
      text: expr.slice(node.from, node.to),
      children: [],
      ...(parent ? { parent } : {}),
    };
    for (let c = node.firstChild; c; c = c.nextSibling) self.children.push(build(c, self));
    return self;
  };
  return build(parser.parse(expr).topNode);
}

/** Every node of a tree, depth first. */
export function nodes(tree: PromqlNode): PromqlNode[] {
  return [tree, ...tree.children.flatMap(nodes)];
}

/** The vector selectors of one metric in an expression. */
export function selectorsOf(expr: string, metric: string): PromqlNode[] {
  return nodes(promqlTree(expr)).filter(
    (n) =>
      n.type === "VectorSelector" &&
      n.children.some((c) => c.type === "Identifier" && c.text === metric),
  );
}

/** The nearest enclosing node other than parentheses. */
export function enclosing(node: PromqlNode): PromqlNode | undefined {
  let p = node.parent;
  while (p && p.type === "ParenExpr") p = p.parent;
  return p;
}
