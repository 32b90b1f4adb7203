export { IssuerKind, type CertificateIssuer, type IssuerReference } from "./issuer-ref";
export {
  AcmeIssuer,
  LetsEncryptEnvironment,
  validateAcmeIssuerArgs,
  type AcmeExternalAccountBindingArgs,
  type AcmeHttp01Args,
  type AcmeIssuerArgs,
  type AcmeIssuerSettingsArgs,
  type AcmeStagingTwin,
} from "./acme-issuer";
export type { AcmeSolversArgs } from "./acme-solvers";
export {
  CaKeyAlgorithm,
  InternalCa,
  validateInternalCaArgs,
  type InternalCaArgs,
  type InternalCaSettingsArgs,
  type InternalCaSubjectArgs,
} from "./internal-ca";
export {
  SelfSignedIssuer,
  validateSelfSignedIssuerArgs,
  type SelfSignedIssuerArgs,
} from "./self-signed-issuer";
export {
  VaultIssuer,
  validateVaultIssuerArgs,
  type SecretKeyRefArgs,
  type VaultAppRoleArgs,
  type VaultAuthArgs,
  type VaultIssuerArgs,
  type VaultIssuerSettingsArgs,
  type VaultKubernetesAuthArgs,
  type VaultServiceAccountRefArgs,
} from "./vault-issuer";
export {
  VenafiIssuer,
  validateVenafiIssuerArgs,
  type VenafiCloudArgs,
  type VenafiIssuerArgs,
  type VenafiIssuerSettingsArgs,
  type VenafiTppArgs,
} from "./venafi-issuer";
export { IssuerComponent } from "./issuer-component";
export type { IssuerPlacementArgs, IssuerScopeArgs } from "./scope";
