/**
 * `tls-edge/inspect`: what each TLS endpoint really serves, from code. The command
 * (`tls-edge inspect`, `./command.ts`) is a front end to these.
 */
export {
  DEFAULT_CONCURRENCY,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_WARN_DAYS,
  inspectTarget,
  inspectTargets,
  type InspectOptions,
  type InspectResult,
} from "./inspect";
export { FIXES, ProblemCode, type Problem } from "./problems";
export { formatHuman, toJson, type InspectJson } from "./report";
export { DEFAULT_PORT, parseTarget, type Target } from "./targets";
