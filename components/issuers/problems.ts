/**
 * Validation helpers for the issuers (and the DNS-01 solvers): names, URLs, base64, and the one
 * problems collector of `components/lib`.
 */
import type * as pulumi from "@pulumi/pulumi";

export { Problems } from "../lib/problems";

/** A value known now (not an Output or a Promise), so it can be checked synchronously. */
export function isPlain<T extends string | number | boolean>(
  value: pulumi.Input<T> | undefined,
): value is T {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Kubernetes namespace names: RFC 1123 labels, at most 63 characters. */
export function isNamespaceName(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

/** Kubernetes object names (Secrets, issuers): RFC 1123 subdomains, at most 253 characters. */
export function isObjectName(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/** An absolute https:// URL. */
export function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}

/** Standard base64 (what cert-manager's `caBundle` fields hold). */
export function isBase64(value: string): boolean {
  return value.length > 0 && value.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(value);
}

/** Serialises a plain value for a message. */
export function show(value: unknown): string {
  return JSON.stringify(value);
}
