/**
 * secrets: private keys live only in `kubernetes.io/tls` Secrets. No PEM private key in a
 * ConfigMap (readable by anyone who can read config) or in a Secret of another type, and no
 * `tls.key` entry outside a TLS Secret.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { kubeObject } from "../lib/kubernetes";
import { whenKnown, rec } from "../lib/read";

const PEM_PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;

function decodeBase64(value: string): string {
  return Buffer.from(value, "base64").toString("latin1");
}

/** Keys of `data`/`stringData`/`binaryData` entries that hold a PEM private key. */
function keyEntries(props: Record<string, unknown>, kind: "Secret" | "ConfigMap"): string[] {
  const found: string[] = [];
  for (const field of ["stringData", "data", "binaryData"]) {
    const entries = rec(props[field]);
    for (const key of Object.keys(entries)) {
      const value = entries[key];
      if (typeof value !== "string") continue;
      // Secret `data` and ConfigMap `binaryData` are base64; ConfigMap `data` is plain text.
      const base64 = field === "binaryData" || (field === "data" && kind === "Secret");
      const text = base64 ? decodeBase64(value) : value;
      if (PEM_PRIVATE_KEY.test(text)) found.push(`${field}.${key}`);
    }
  }
  return found;
}

export const secrets: ResourceValidationPolicy = {
  name: "secrets",
  description:
    "TLS private keys only in kubernetes.io/tls Secrets; none in ConfigMaps or Opaque Secrets.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Move the key and certificate into a Secret of type kubernetes.io/tls (tls.crt, tls.key), or let cert-manager write it; rotate any key that was stored in a ConfigMap.",
  validateResource: (args, reportViolation) => {
    const object = kubeObject(args.type, args.props, args.name);
    if (!object || object.group !== "") return;
    if (object.kind === "ConfigMap") {
      const entries = whenKnown(
        () => keyEntries(args.props, "ConfigMap"),
        reportViolation,
        `the data of ConfigMap ${object.name}`,
      );
      for (const entry of entries ?? []) {
        reportViolation(
          `ConfigMap ${object.namespace}/${object.name} holds a PEM private key in ${entry}. ` +
            `Fix: move it to a kubernetes.io/tls Secret and rotate the key (ConfigMaps are not secret).`,
        );
      }
    } else if (object.kind === "Secret") {
      whenKnown(
        () => {
          const type = args.props["type"] ?? "Opaque";
          if (type === "kubernetes.io/tls") return;
          const entries = keyEntries(args.props, "Secret");
          const names = new Set([
            ...Object.keys(rec(args.props["data"])),
            ...Object.keys(rec(args.props["stringData"])),
          ]);
          if (names.has("tls.key") && !entries.some((e) => e.endsWith(".tls.key")))
            entries.push("tls.key");
          for (const entry of entries) {
            reportViolation(
              `Secret ${object.namespace}/${object.name} of type ${String(type)} holds a private key ` +
                `in ${entry}. Fix: store TLS keys in a Secret of type kubernetes.io/tls.`,
            );
          }
        },
        reportViolation,
        `the type and data of Secret ${object.name}`,
      );
    }
  },
};
