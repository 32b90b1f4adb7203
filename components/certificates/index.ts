export {
  Certificate,
  certificateSpec,
  defaultRenewBefore,
  DEFAULT_CERTIFICATE_DURATION,
  DEFAULT_RENEW_BEFORE,
  DEFAULT_REVISION_HISTORY_LIMIT,
  type CertificateSpecValues,
} from "./certificate";
export {
  KeyUsage,
  PrivateKeyAlgorithm,
  PrivateKeyEncoding,
  PRIVATE_KEY_SIZES,
  isIssuerComponent,
  type CertificateArgs,
  type CertificateSpecArgs,
  type CertificateIssuerInput,
  type CertificatePrivateKeyArgs,
  type CertificateSecretTemplateArgs,
} from "./certificate-args";
export { validateCertificateArgs } from "./certificate-validation";
export { TlsSecret, validateTlsSecretArgs, type TlsSecretArgs } from "./tls-secret";
export {
  EXPIRY_WARNING_DAYS,
  checkChainOrder,
  checkTlsBundle,
  checkValidity,
  daysLeft,
  dnsNamesOf,
  isPrivateKeyLabel,
  keyMatches,
  notAfterOf,
  parseCertificateBundle,
  parsePrivateKey,
  splitPem,
  subjectOf,
  type CertificateInfo,
  type ParsedBundle,
  type PemBlock,
  type TlsBundleCheck,
  type TlsBundleInput,
} from "./pem";
export { MAX_DNS_NAMES, dnsNameCovers, isValidDnsName, isWildcard } from "../lib/hosts";
export { formatGoDuration, parseGoDuration } from "../lib/durations";
