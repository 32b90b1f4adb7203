export type { AcmeDns01Solver, Dns01SolverProvider } from "./solver";
export {
  AwsPartition,
  irsaTrustPolicy,
  podIdentityTrustPolicy,
  route53PolicyDocument,
} from "./route53-policy";
export {
  Route53CredentialMode,
  validateRoute53Dns01Args,
  type Route53AccessKeyCredentials,
  type Route53AssumeRoleCredentials,
  type Route53Credentials,
  type Route53Dns01Args,
  type Route53IrsaCredentials,
  type Route53PodIdentityCredentials,
} from "./route53-args";
export { Route53Dns01 } from "./route53";
export type { Dns01PlacementArgs, Dns01ScopeArgs } from "./scope";
export {
  CLOUDFLARE_PERMISSION_GROUPS,
  CloudflareDns01,
  CloudflareTokenScope,
  cloudflareTokenResources,
  validateCloudflareDns01Args,
  type CloudflareDns01Args,
  type CloudflareDns01SettingsArgs,
  type CloudflarePermissionGroupIds,
} from "./cloudflare";
export {
  DEFAULT_TSIG_ALGORITHM,
  nameserverProblem,
  Rfc2136Dns01,
  Rfc2136Protocol,
  TSIG_SECRET_KEY,
  TsigAlgorithm,
  validateRfc2136Dns01Args,
  type Rfc2136Dns01Args,
  type Rfc2136Dns01SettingsArgs,
} from "./rfc2136";
