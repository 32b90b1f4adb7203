/**
 * `tls-edge/rehearsal`: rehearse an ACME DNS-01 order from code, through the DNS provider
 * production will use. The Pulumi resource around it, `AcmeRehearsal`, is exported by the
 * package root with the other components.
 */
export {
  ChalltestsrvDns,
  CloudflareDns,
  Route53Dns,
  type ChalltestsrvDnsOptions,
  type CloudflareDnsOptions,
  type DnsProvider,
  type RecordHandle,
  type Route53DnsOptions,
} from "./dns";
export {
  RehearsalError,
  RehearsalStatus,
  RehearsalStep,
  RehearsalUsageError,
  validateRehearsalOptions,
  type ExternalAccountBinding,
  type RehearsalEvent,
  type RehearsalOptions,
} from "./options";
export { DEFAULT_REHEARSAL_TIMEOUT_MS, rehearse, type RehearsalResult } from "./rehearsal";
