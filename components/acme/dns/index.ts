/** The DNS providers a rehearsal publishes its TXT records through. */
export { RehearsalDnsKind, type DnsProvider, type RecordHandle } from "./provider";
export { ChalltestsrvDns, type ChalltestsrvDnsOptions } from "./challtestsrv";
export { Route53Dns, type Route53DnsOptions } from "./route53";
export { CloudflareDns, type CloudflareDnsOptions } from "./cloudflare";
export {
  challtestsrvDnsServer,
  rehearsalDnsProblems,
  rehearsalDnsProvider,
  rehearsalHostedZoneId,
  type RehearsalDnsField,
  type RehearsalDnsSettings,
} from "./settings";
