export {
  DEFAULT_CONCURRENCY,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_WARN_DAYS,
  inspectTarget,
  inspectTargets,
  sansOf,
  type InspectOptions,
  type InspectResult,
} from "./inspect";
export {
  daysLeft,
  findProblems,
  FIXES,
  formatName,
  ProblemCode,
  shortName,
  type Observation,
  type Problem,
} from "./problems";
export {
  handshake,
  probeContexts,
  type Handshake,
  type ProbeContexts,
  type ProbeOptions,
} from "./probe";
export { formatHuman, toJson, type InspectJson } from "./report";
export {
  declaredHosts,
  DEFAULT_PORT,
  parseTarget,
  type DeclaredHost,
  type Target,
} from "./targets";
