/**
 * Text from outside (a server's certificate fields, a CA's error message) on its way to a
 * terminal. A certificate's CN can hold escape sequences, carriage returns or a bell: printed
 * raw, they move the cursor, rewrite earlier lines and forge a verdict. Every human output of
 * the CLI passes such text through `escapeForTerminal`; JSON output through `escapeJson`.
 */

// C0 controls and DEL, C1 controls (U+0080-U+009F: CSI is U+009B), and the Unicode format
// characters that reorder or hide text (bidi embeddings, overrides and isolates, zero-width
// marks, line and paragraph separators).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/gu;

// What JSON.stringify leaves raw inside strings: the set above less C0, which it escapes itself
// (and whose newlines and tabs it uses between tokens).
const UNSAFE_IN_JSON = /[\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/gu;

const NAMED: Readonly<Record<string, string>> = { "\t": "\\t", "\n": "\\n", "\r": "\\r" };

function code(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const n = ch.codePointAt(0)!;
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, "0")}` : `\\u{${n.toString(16)}}`;
}

/** The text with every control and hidden-format character shown as `\r`, `\xNN` or `\u{NNNN}`. */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, code);
}

/**
 * JSON.stringify output with the characters it leaves raw (DEL, C1 controls, bidi and
 * zero-width marks) written as `\uNNNN` escapes: the same JSON value, safe on a terminal.
 */
export function escapeJson(json: string): string {
  return json.replace(
    UNSAFE_IN_JSON,
    (ch) => `\\u${ch.codePointAt(0)!.toString(16).padStart(4, "0")}`,
  );
}
