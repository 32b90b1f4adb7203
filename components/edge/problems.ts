/**
 * Validation helpers for the edge components: the one problems collector and known-value
 * predicate of `components/lib`, under the names the edge files use.
 */
export { Problems as ArgsProblems } from "../lib/problems";
export { isKnown as known } from "../lib/inputs";
