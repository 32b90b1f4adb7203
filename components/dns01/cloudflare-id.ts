/** Cloudflare ids, checked alike by the DNS-01 solver and the ACME rehearsal (no SDK loaded). */

/** A Cloudflare zone or account id: 32 lower-case hex characters. */
export const CLOUDFLARE_ID = /^[0-9a-f]{32}$/;

/** What to do about a zone id that is not one. */
export const CLOUDFLARE_ZONE_ID_FIX =
  "copy the 32-character hex Zone ID from the zone's Overview page";
