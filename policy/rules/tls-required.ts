/**
 * tls-required: traffic is HTTPS. Every Ingress has TLS entries (with a secret) covering every
 * host and keeps the HTTP→HTTPS redirect; HTTPS Gateway listeners carry certificates; controller
 * Helm values allow nothing below TLS 1.2. At `remediate`, the redirect annotations the
 * controllers honour are restored (Traefik entrypoints are not rewritten: that changes routing).
 */
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { controllerOfChart, HELM_TYPES, valueAt } from "../lib/charts";
import { dnsNameCovers } from "../../components/lib/hosts";
import { annotationsOf, isKind, kubeObject } from "../lib/kubernetes";
import { whenKnown, list, rec, str } from "../lib/read";

/** Annotations that turn the HTTPS redirect off, and the value that turns it back on. */
const REDIRECT_OFF: Readonly<Record<string, string | undefined>> = {
  "nginx.ingress.kubernetes.io/ssl-redirect": "true",
  "nginx.ingress.kubernetes.io/force-ssl-redirect": undefined,
  "haproxy.org/ssl-redirect": "true",
};
const TRAEFIK_ENTRYPOINTS = "traefik.ingress.kubernetes.io/router.entrypoints";
const TRAEFIK_MIDDLEWARES = "traefik.ingress.kubernetes.io/router.middlewares";

const WEAK_PROTOCOLS = new Set(["SSLv2", "SSLv3", "TLSv1", "TLSv1.0", "TLSv1.1"]);

type Report = (message: string) => void;

function checkIngress(args: ResourceValidationArgs, name: string, report: Report): void {
  const spec = rec(args.props["spec"]);
  const tls = list(spec["tls"]).map(rec);
  const rules = list(spec["rules"]).map(rec);
  if (tls.length === 0) {
    report(
      `Ingress ${name} has no tls entries, so it serves plain HTTP. Fix: add spec.tls with the ` +
        `rule hosts and a secretName (e.g. from a cert-manager Certificate or the ` +
        `cert-manager.io/cluster-issuer annotation).`,
    );
  }
  tls.forEach((entry, i) => {
    if (!str(entry["secretName"])) {
      report(
        `Ingress ${name} spec.tls[${i}] has no secretName, so the controller serves its default ` +
          `certificate. Fix: set secretName to the Secret holding the certificate.`,
      );
    }
  });
  const covered = tls.flatMap((e) => (str(e["secretName"]) ? list(e["hosts"]) : []));
  rules.forEach((rule, i) => {
    const host = str(rule["host"]);
    if (!host) {
      if (tls.length > 0) {
        report(
          `Ingress ${name} spec.rules[${i}] has no host, so no certificate can match it. ` +
            `Fix: give the rule a host and list it under spec.tls.`,
        );
      }
      return;
    }
    if (tls.length > 0 && !covered.some((p) => typeof p === "string" && dnsNameCovers(p, host))) {
      report(
        `Ingress ${name} host "${host}" (spec.rules[${i}]) is not covered by any tls entry ` +
          `with a secret. Fix: add "${host}" (or a wildcard one label up) to spec.tls[].hosts.`,
      );
    }
  });
  const annotations = annotationsOf(args.props);
  for (const key of Object.keys(REDIRECT_OFF)) {
    if (String(annotations[key]).toLowerCase() === "false") {
      report(
        `Ingress ${name} sets ${key}: "false", turning off the HTTPS redirect. ` +
          `Fix: remove the annotation (or run this rule at remediate to restore it).`,
      );
    }
  }
  const entrypoints = str(annotations[TRAEFIK_ENTRYPOINTS]);
  if (entrypoints !== undefined) {
    const points = entrypoints.split(",").map((p) => p.trim());
    const redirect = (str(annotations[TRAEFIK_MIDDLEWARES]) ?? "").includes("redirect");
    if (!points.includes("websecure") && !redirect) {
      report(
        `Ingress ${name} sets ${TRAEFIK_ENTRYPOINTS}: "${entrypoints}" without websecure and ` +
          `without a redirect middleware. Fix: use "websecure" (the web entrypoint redirects ` +
          `when ports.web.redirections is set) or attach a redirectScheme middleware.`,
      );
    }
  }
}

function checkGateway(args: ResourceValidationArgs, name: string, report: Report): void {
  list(rec(args.props["spec"])["listeners"]).forEach((raw, i) => {
    const listener = rec(raw);
    if (listener["protocol"] !== "HTTPS") return;
    const refs = list(rec(listener["tls"])["certificateRefs"]);
    if (refs.length === 0) {
      report(
        `Gateway ${name} HTTPS listener "${str(listener["name"]) ?? i}" has no ` +
          `tls.certificateRefs. Fix: reference the TLS Secret (tls.mode Terminate), or use ` +
          `cert-manager's Gateway annotations to create it.`,
      );
    }
  });
}

function checkHelmValues(args: ResourceValidationArgs, name: string, report: Report): void {
  const controller = controllerOfChart(str(args.props["chart"]));
  if (!controller) return;
  const values = rec(args.props["values"]);
  if (controller === "ingress-nginx") {
    const config = rec(valueAt(values, ["controller", "config"]));
    const protocols = str(config["ssl-protocols"]);
    if (protocols && protocols.split(/\s+/).some((p) => WEAK_PROTOCOLS.has(p))) {
      report(
        `Helm release ${name} (ingress-nginx) sets controller.config.ssl-protocols ` +
          `"${protocols}". Fix: use "TLSv1.2 TLSv1.3".`,
      );
    }
    if (String(config["ssl-redirect"]).toLowerCase() === "false") {
      report(
        `Helm release ${name} (ingress-nginx) sets controller.config.ssl-redirect "false", ` +
          `turning off the HTTPS redirect for every Ingress. Fix: remove it.`,
      );
    }
  } else if (controller === "traefik") {
    for (const [option, raw] of Object.entries(rec(values["tlsOptions"]))) {
      const min = str(rec(raw)["minVersion"]);
      if (min && !["VersionTLS12", "VersionTLS13"].includes(min)) {
        report(
          `Helm release ${name} (traefik) sets tlsOptions.${option}.minVersion "${min}". ` +
            `Fix: use "VersionTLS12" or "VersionTLS13".`,
        );
      }
    }
  } else {
    const config = rec(valueAt(values, ["controller", "config"]));
    for (const key of ["ssl-options", "ssl-default-bind-options"]) {
      const options = str(config[key]);
      if (options === undefined) continue;
      const min = /ssl-min-ver\s+(\S+)/.exec(options)?.[1];
      const ok = min
        ? ["TLSv1.2", "TLSv1.3"].includes(min)
        : /no-tlsv10/.test(options) && /no-tlsv11/.test(options) && /no-sslv3/.test(options);
      if (!ok) {
        report(
          `Helm release ${name} (haproxy) sets controller.config.${key} "${options}", which ` +
            `allows protocols below TLS 1.2. Fix: add "ssl-min-ver TLSv1.2".`,
        );
      }
    }
  }
}

export const tlsRequired: ResourceValidationPolicy = {
  name: "tls-required",
  description:
    "Ingresses serve every host over TLS and keep the HTTPS redirect; HTTPS listeners have certificates; controllers allow TLS 1.2 and up only.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Add spec.tls entries covering each host with a secretName; drop annotations that disable the redirect; set TLS 1.2 as the controller minimum.",
  validateResource: (args, reportViolation) => {
    const what = `${args.type} ${args.name}`;
    if (HELM_TYPES.has(args.type)) {
      whenKnown(
        () => checkHelmValues(args, args.name, reportViolation),
        reportViolation,
        `the TLS settings of ${what}`,
      );
      return;
    }
    const object = kubeObject(args.type, args.props, args.name);
    if (!object) return;
    if (object.group === "networking.k8s.io" && object.kind === "Ingress") {
      whenKnown(
        () => checkIngress(args, object.name, reportViolation),
        reportViolation,
        `the TLS of Ingress ${object.name}`,
      );
    } else if (object.group === "gateway.networking.k8s.io" && object.kind === "Gateway") {
      whenKnown(
        () => checkGateway(args, object.name, reportViolation),
        reportViolation,
        `the listeners of Gateway ${object.name}`,
      );
    }
  },
  remediateResource: (args) => {
    if (!isKind(args.type, "networking.k8s.io", "Ingress")) return undefined;
    const annotations = { ...annotationsOf(args.props) };
    let changed = false;
    for (const [key, restore] of Object.entries(REDIRECT_OFF)) {
      if (String(annotations[key]).toLowerCase() !== "false") continue;
      changed = true;
      if (restore === undefined) delete annotations[key];
      else annotations[key] = restore;
    }
    if (!changed) return undefined;
    const metadata = rec(args.props["metadata"]);
    return { ...args.props, metadata: { ...metadata, annotations } };
  },
};
