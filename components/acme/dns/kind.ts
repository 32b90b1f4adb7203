/**
 * The DNS providers the rehearsal can publish through. A module of its own, with no imports:
 * the settings checks run when a Pulumi program loads, and must not load the providers' SDKs.
 */
export const RehearsalDnsKind = {
  route53: "route53",
  cloudflare: "cloudflare",
  challtestsrv: "challtestsrv",
} as const;
export type RehearsalDnsKind = (typeof RehearsalDnsKind)[keyof typeof RehearsalDnsKind];
