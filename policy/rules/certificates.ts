/**
 * certificates: a stack policy, since a Certificate is only sound together with its issuer.
 * renewBefore leaves the alert window before expiry and is shorter than the duration; wildcard
 * names go only to issuers that can prove them (ACME needs a DNS-01 solver); the issuer exists
 * in the stack or is declared external.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { formatHours, parseGoDuration } from "../../components/lib/durations";
import { isWildcard } from "../../components/lib/hosts";
import { annotationsOf, kubeObject, type KubeObject } from "../lib/kubernetes";
import { whenKnown, list, rec, str } from "../lib/read";

export interface CertificatesConfig {
  /** Days before expiry at which expiry alerts fire; renewal must start before that. */
  readonly alertWindowDays: number;
  /** Issuers not managed by this stack: `ClusterIssuer/<name>` or `Issuer/<namespace>/<name>`. */
  readonly externalIssuers: readonly string[];
}

/** cert-manager's default certificate lifetime: 90 days. */
const DEFAULT_DURATION_MS = 2160 * 3_600_000;
const CERT_MANAGER_GROUP = "cert-manager.io";

interface IssuerFacts {
  readonly acme: boolean;
  readonly dns01: boolean;
}

function issuerKey(kind: string, namespace: string, name: string): string {
  return kind === "ClusterIssuer" ? `ClusterIssuer/${name}` : `Issuer/${namespace}/${name}`;
}

function issuerFacts(object: KubeObject): IssuerFacts {
  const acme = rec(object.props["spec"])["acme"];
  if (acme === undefined) return { acme: false, dns01: false };
  const dns01 = list(rec(acme)["solvers"]).some((s) => rec(s)["dns01"] !== undefined);
  return { acme: true, dns01 };
}

type Report = (message: string, urn?: string) => void;

function checkLifetime(object: KubeObject, urn: string, alertDays: number, report: Report) {
  const spec = rec(object.props["spec"]);
  const label = `Certificate ${object.namespace}/${object.name}`;
  const durationText = str(spec["duration"]);
  const duration = durationText ? parseGoDuration(durationText) : DEFAULT_DURATION_MS;
  if (duration === undefined) {
    report(
      `${label} has duration "${durationText}", not a Go duration. Fix: write it like "2160h".`,
      urn,
    );
    return;
  }
  const renewText = str(spec["renewBefore"]);
  const percentage = spec["renewBeforePercentage"];
  let renewBefore = duration / 3;
  if (renewText !== undefined) {
    const parsed = parseGoDuration(renewText);
    if (parsed === undefined) {
      report(
        `${label} has renewBefore "${renewText}", not a Go duration. Fix: write it like "720h".`,
        urn,
      );
      return;
    }
    renewBefore = parsed;
  } else if (typeof percentage === "number") {
    renewBefore = (duration * percentage) / 100;
  }
  const alert = alertDays * 86_400_000;
  if (renewBefore >= duration) {
    report(
      `${label} renews ${formatHours(renewBefore)} before expiry but lives only ` +
        `${formatHours(duration)}, so it would renew forever. Fix: set renewBefore below the ` +
        `duration (cert-manager's default is a third of it).`,
      urn,
    );
  } else if (renewBefore < alert) {
    report(
      `${label} renews only ${formatHours(renewBefore)} before expiry, inside the ` +
        `${alertDays}-day alert window, so expiry alerts fire before renewal is even tried. Fix: ` +
        `set renewBefore to at least ${formatHours(alert)} (or drop it for the default of a third).`,
      urn,
    );
  }
}

export const certificates: StackValidationPolicy = {
  name: "certificates",
  description:
    "Certificates renew before the alert window and within their lifetime, wildcards only with DNS-01, and reference issuers that exist.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Set renewBefore between the alert window and the duration; use an issuer with a DNS-01 solver for wildcards; create the referenced issuer or list it in externalIssuers.",
  configSchema: {
    properties: {
      alertWindowDays: {
        type: "number",
        minimum: 0,
        default: 15,
        description: "Days before expiry at which expiry alerts fire",
      },
      externalIssuers: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Issuers managed elsewhere: ClusterIssuer/<name> or Issuer/<namespace>/<name>",
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const config = args.getConfig<CertificatesConfig>();
    const issuers = new Map<string, IssuerFacts>();
    const users: { resource: PolicyResource; object: KubeObject }[] = [];
    for (const r of args.resources) {
      const object = kubeObject(r.type, r.props, r.name);
      if (!object) continue;
      if (
        object.group === CERT_MANAGER_GROUP &&
        (object.kind === "Issuer" || object.kind === "ClusterIssuer")
      ) {
        const facts = whenKnown(
          () => issuerFacts(object),
          (m) => reportViolation(m, r.urn),
          `the solvers of ${object.kind} ${object.name}`,
        );
        // An issuer whose solvers are unknown still exists; wildcard checks against it are skipped.
        issuers.set(
          issuerKey(object.kind, object.namespace, object.name),
          facts ?? { acme: false, dns01: false },
        );
      } else if (
        (object.group === CERT_MANAGER_GROUP && object.kind === "Certificate") ||
        (object.group === "networking.k8s.io" && object.kind === "Ingress")
      ) {
        users.push({ resource: r, object });
      }
    }
    const external = new Set(config.externalIssuers);
    for (const { resource, object } of users) {
      const label = `${object.kind} ${object.namespace}/${object.name}`;
      whenKnown(
        () => {
          let ref: { kind: string; name: string } | undefined;
          let names: string[];
          if (object.kind === "Certificate") {
            const spec = rec(object.props["spec"]);
            checkLifetime(object, resource.urn, config.alertWindowDays, reportViolation);
            const issuerRef = rec(spec["issuerRef"]);
            const group = str(issuerRef["group"]) ?? CERT_MANAGER_GROUP;
            // Issuers of other API groups (AWS PCA, step-issuer...) are external by definition.
            if (group !== CERT_MANAGER_GROUP) return;
            ref = { kind: str(issuerRef["kind"]) ?? "Issuer", name: str(issuerRef["name"]) ?? "" };
            names = [...list(spec["dnsNames"]), spec["commonName"]].filter(
              (n): n is string => typeof n === "string",
            );
          } else {
            const a = annotationsOf(object.props);
            const cluster = str(a["cert-manager.io/cluster-issuer"]);
            const ns = str(a["cert-manager.io/issuer"]);
            ref = cluster
              ? { kind: "ClusterIssuer", name: cluster }
              : ns
                ? { kind: "Issuer", name: ns }
                : undefined;
            names = list(rec(object.props["spec"])["tls"])
              .flatMap((t) => list(rec(t)["hosts"]))
              .filter((n): n is string => typeof n === "string");
          }
          if (!ref) return;
          const key = issuerKey(ref.kind, object.namespace, ref.name);
          const issuer = issuers.get(key);
          if (!issuer) {
            if (!external.has(key)) {
              reportViolation(
                `${label} uses ${key.replace("/", " ")}, which this stack does not define. Fix: ` +
                  `create that issuer in the stack, correct issuerRef, or list "${key}" in externalIssuers.`,
                resource.urn,
              );
            }
            return;
          }
          const wildcard = names.find(isWildcard);
          if (wildcard && issuer.acme && !issuer.dns01) {
            reportViolation(
              `${label} asks for "${wildcard}" but ${key.replace("/", " ")} has no DNS-01 solver, ` +
                `and ACME CAs only prove wildcards over DNS-01. Fix: add a dns01 solver (Route53 or ` +
                `Cloudflare) to the issuer or drop the wildcard.`,
              resource.urn,
            );
          }
        },
        (m) => reportViolation(m, resource.urn),
        `the issuer and lifetime of ${label}`,
      );
    }
  },
};
