/**
 * What can be wrong with what a TLS endpoint serves, how each problem is recognised from a
 * handshake, and what to do about it.
 */
import { checkServerIdentity, type PeerCertificate } from "node:tls";
import { CONTROLLERS } from "../../components/known";

/** The problems `tls-edge inspect` reports. */
export const ProblemCode = {
  fakeIngressCert: "FAKE_INGRESS_CERT",
  stagingIssuer: "STAGING_ISSUER",
  expired: "EXPIRED",
  expiring: "EXPIRING",
  notYetValid: "NOT_YET_VALID",
  nameMismatch: "NAME_MISMATCH",
  untrusted: "UNTRUSTED",
  weakProtocol: "WEAK_PROTOCOL",
  unreachable: "UNREACHABLE",
  notTls: "NOT_TLS",
  handshakeFailed: "HANDSHAKE_FAILED",
  oversizedChain: "OVERSIZED_CHAIN",
} as const;
export type ProblemCode = (typeof ProblemCode)[keyof typeof ProblemCode];

/** One problem found on one target. */
export interface Problem {
  readonly code: ProblemCode;
  /** What was seen, in one sentence. */
  readonly message: string;
}

/** What to do, by problem: the usual cause on Kubernetes and the commands that confirm it. */
export const FIXES: Readonly<Record<ProblemCode, string>> = {
  FAKE_INGRESS_CERT:
    "The controller found no usable certificate for this host and serves its built-in default. " +
    "Check that the Ingress lists the host under spec.tls[].hosts with a secretName, that the " +
    "Secret exists in the Ingress's namespace with tls.crt and tls.key, and that cert-manager " +
    "issued it: kubectl describe certificate -n <namespace> <name>. For a Gateway, check the " +
    "listener's tls.certificateRefs (and a ReferenceGrant for a Secret in another namespace).",
  STAGING_ISSUER:
    "The certificate comes from a staging or test ACME CA that no client trusts. Point the " +
    "Certificate's issuerRef (or the Ingress annotation cert-manager.io/cluster-issuer) at the " +
    "production issuer, then reissue: cmctl renew -n <namespace> <name>, or delete the Secret.",
  EXPIRED:
    "Renewal did not happen. Find where it stopped: kubectl get certificaterequests,orders," +
    "challenges -A and kubectl describe the one that is not ready; read the cert-manager logs " +
    "(kubectl logs -n cert-manager deploy/cert-manager). If the Secret already holds a new " +
    "certificate, the controller serves a stale copy: check it watches that namespace.",
  EXPIRING:
    "cert-manager renews at renewBefore (by default a third of the duration before the end), " +
    "so a certificate this close to expiry means renewal is stuck: kubectl get " +
    "certificaterequests,orders,challenges -A, kubectl describe certificate, and the " +
    "cert-manager logs. A certificate not managed by cert-manager needs a manual renewal.",
  NOT_YET_VALID:
    "The certificate starts in the future: the issuer's or this machine's clock is wrong. Check " +
    "NTP on the nodes and on the CA; reissue once the clocks agree.",
  NAME_MISMATCH:
    "The served certificate does not cover this name. Add the host to the Certificate's " +
    "dnsNames and to the Ingress spec.tls[].hosts (or the Gateway listener hostname), or check " +
    "that the right SNI reaches this endpoint (--servername).",
  UNTRUSTED:
    "The chain does not lead to a trusted root. Serve the full chain (tls.crt holds the leaf " +
    "then its intermediates); for a private CA pass its root with --ca-file and distribute it " +
    "to clients (for example with a trust-manager Bundle).",
  WEAK_PROTOCOL:
    "The endpoint still accepts TLS 1.0 or 1.1. Set the minimum to TLS 1.2: ingress-nginx " +
    'ConfigMap ssl-protocols: "TLSv1.2 TLSv1.3"; Traefik TLSOption minVersion: VersionTLS12; ' +
    "HAProxy (haproxytech) ConfigMap global-config-snippet: ssl-default-bind-options " +
    "ssl-min-ver TLSv1.2.",
  UNREACHABLE:
    "Nothing answered. Check DNS for the host, the LoadBalancer Service's external address " +
    "(kubectl get svc -n <controller namespace>), firewalls, and that the controller listens " +
    "on this port.",
  NOT_TLS:
    "Something listens on this port but does not speak TLS (plain HTTP, often). Inspect the " +
    "TLS port instead (443, or the controller's websecure/https port), and check that the " +
    "Service's port maps to the controller's TLS container port: kubectl get svc -n " +
    "<controller namespace> -o yaml.",
  HANDSHAKE_FAILED:
    "The server refused the handshake. Controllers do so for an SNI name they have no route or " +
    "certificate for, or when client and server share no protocol version or cipher: check the " +
    "name (--servername), that an Ingress or Gateway listener declares this host, and the " +
    "controller's TLS options (minimum version, cipher suites).",
  OVERSIZED_CHAIN:
    "The server sends a certificate chain larger than TLS clients accept (OpenSSL refuses " +
    "certificate messages over 100 KB). Serve only the leaf and its intermediates in tls.crt, " +
    "not a whole CA bundle, and keep the number of names per certificate reasonable.",
};

/** The code `handshake` gives its own timeout error. */
export const HANDSHAKE_TIMEOUT = "TLS_EDGE_HANDSHAKE_TIMEOUT";

/** The handshake error codes of Node.js and OpenSSL that mean "not a TLS peer". */
const NOT_TLS_CODES = new Set([
  "ERR_SSL_WRONG_VERSION_NUMBER",
  "ERR_SSL_PACKET_LENGTH_TOO_LONG",
  "ERR_SSL_HTTP_REQUEST",
  "ERR_SSL_UNEXPECTED_MESSAGE",
  "ERR_SSL_RECORD_LAYER_FAILURE",
  "ERR_SSL_UNSUPPORTED_PROTOCOL",
]);
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
]);

/** What a failed handshake says about the endpoint: the code and one sentence. */
export function classifyHandshakeError(
  err: Error & { code?: string; reason?: string; connected?: boolean },
  where: string,
): Problem {
  const code = err.code ?? "";
  const openssl = err.reason ? ` (OpenSSL: ${err.reason})` : "";
  if (code === "ERR_SSL_EXCESSIVE_MESSAGE_SIZE") {
    return {
      code: ProblemCode.oversizedChain,
      message: `${where} sent a certificate message too large to accept${openssl}`,
    };
  }
  if (NOT_TLS_CODES.has(code)) {
    return {
      code: ProblemCode.notTls,
      message: `${where} answered, but not with TLS${openssl}`,
    };
  }
  // OpenSSL 3.0 (Node.js 20 and 22) names an alert "sslv3 alert ..." or "tlsv1 alert ...";
  // OpenSSL 3.5 (Node.js 24) "ssl/tls alert ...", which Node.js makes ERR_SSL_SSL/TLS_ALERT_...
  const alert = /^ERR_SSL_(?:SSLV3|TLSV1|SSL\/TLS)_ALERT_(\w+)$/.exec(code);
  if (alert) {
    const name = alert[1]!.toLowerCase().replace(/_/g, " ");
    return {
      code: ProblemCode.handshakeFailed,
      message: `${where} refused the handshake with the TLS alert "${name}"`,
    };
  }
  if (code === "ECONNRESET" && err.connected) {
    return {
      code: ProblemCode.handshakeFailed,
      message: `${where} closed the connection during the handshake`,
    };
  }
  if (UNREACHABLE_CODES.has(code) || code === "ECONNRESET" || code === "ETIMEDOUT") {
    return { code: ProblemCode.unreachable, message: err.message };
  }
  if (code === HANDSHAKE_TIMEOUT) {
    // A TLS server answers a ClientHello at once; one that accepts and stays silent is
    // something else (or a tarpit).
    return {
      code: err.connected ? ProblemCode.notTls : ProblemCode.unreachable,
      message: err.message,
    };
  }
  return { code: ProblemCode.handshakeFailed, message: `${where}: ${err.message}` };
}

/** What a handshake showed, as far as the problems need it. */
export interface Observation {
  /** Served chain, leaf first (as node links it through issuerCertificate). */
  readonly chain: readonly PeerCertificate[];
  readonly authorized: boolean;
  readonly authorizationError?: string;
  /** The name the certificate must cover: the SNI sent, else the target host. */
  readonly name: string;
  /** Protocol the weak probe negotiated (TLSv1 or TLSv1.1), if it succeeded. */
  readonly weakProtocol?: string;
  readonly now: Date;
  readonly warnDays: number;
}

const DAY_MS = 86_400_000;

/** Whole days from `now` to the certificate's end; negative once it has expired. */
export function daysLeft(cert: PeerCertificate, now: Date): number {
  return Math.floor((Date.parse(cert.valid_to) - now.getTime()) / DAY_MS);
}

function field(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The CN (else O) of a distinguished name, for tables. */
export function shortName(dn: PeerCertificate["subject"] | undefined): string {
  if (!dn) return "";
  return field(dn.CN)[0] ?? field(dn.O)[0] ?? "";
}

/** `CN=..., O=...` for a distinguished name, most specific first. */
export function formatName(dn: PeerCertificate["subject"] | undefined): string {
  if (!dn) return "";
  const order = ["CN", "OU", "O", "L", "ST", "C"] as const;
  return order.flatMap((key) => field(dn[key]).map((v) => `${key}=${v}`)).join(", ");
}

// Let's Encrypt staging names carry a "(STAGING)" prefix (both roots and intermediates); older
// staging chains used "Fake LE ..."; Pebble names its CAs "Pebble Root CA <hex>" and
// "Pebble Intermediate CA <hex>".
const STAGING_NAMES = [/^\(STAGING\)/i, /^Fake LE /i, /^Pebble (Root|Intermediate) CA\b/i];

function stagingName(cert: PeerCertificate): string | undefined {
  const names = [cert.issuer, cert.subject].flatMap((dn) => [...field(dn?.CN), ...field(dn?.O)]);
  return names.find((n) => STAGING_NAMES.some((re) => re.test(n)));
}

// The haproxytech kubernetes-ingress chart generates its default certificate at install
// (templates/_helpers.tpl "gen-certs"): CN "<release>.<namespace>", signed by a throwaway CA
// named "kubernetes-ingress-ca". Only the issuer is stable, so it is matched on the issuer.
const HAPROXY_CHART_DEFAULT_CA = "kubernetes-ingress-ca";

function fakeIngressController(leaf: PeerCertificate): string | undefined {
  const names = [...field(leaf.subject?.CN), ...field(leaf.subject?.O)].map((n) => n.toLowerCase());
  const bySubject = Object.entries(CONTROLLERS).find(([, facts]) =>
    names.includes(facts.defaultCertificateSubject.toLowerCase()),
  )?.[0];
  if (bySubject) return bySubject;
  return field(leaf.issuer?.CN).includes(HAPROXY_CHART_DEFAULT_CA) ? "haproxy" : undefined;
}

// Verification errors that the date checks explain on their own.
const DATE_ERRORS = new Set(["CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID"]);

/**
 * The problems a handshake shows. A problem that follows from another is left out so each
 * target reads as one cause: a controller's fake certificate is also untrusted and misnamed, a
 * staging chain is also untrusted.
 */
export function findProblems(o: Observation): Problem[] {
  const problems: Problem[] = [];
  const leaf = o.chain[0];
  if (!leaf) return [{ code: ProblemCode.unreachable, message: "the server sent no certificate" }];
  const add = (code: ProblemCode, message: string): void => {
    problems.push({ code, message });
  };

  const fake = fakeIngressController(leaf);
  if (fake)
    add(ProblemCode.fakeIngressCert, `${fake} default certificate "${shortName(leaf.subject)}"`);
  const staging = o.chain.map(stagingName).find((n) => n !== undefined);
  if (staging) add(ProblemCode.stagingIssuer, `issued under the test CA "${staging}"`);

  const now = o.now.getTime();
  const expired = o.chain.find((c) => Date.parse(c.valid_to) <= now);
  if (expired) {
    const which =
      expired === leaf ? "the certificate" : `chain certificate "${shortName(expired.subject)}"`;
    add(ProblemCode.expired, `${which} expired on ${new Date(expired.valid_to).toISOString()}`);
  } else {
    const days = daysLeft(leaf, o.now);
    if (days < o.warnDays) {
      add(ProblemCode.expiring, `expires in ${days} days (warning below ${o.warnDays})`);
    }
  }
  const early = o.chain.find((c) => Date.parse(c.valid_from) > now);
  if (early) {
    add(
      ProblemCode.notYetValid,
      `"${shortName(early.subject)}" is valid only from ${new Date(early.valid_from).toISOString()}`,
    );
  }

  if (!fake) {
    const mismatch = checkServerIdentity(o.name, leaf);
    if (mismatch) add(ProblemCode.nameMismatch, mismatch.message);
  }
  const explained = fake || staging || DATE_ERRORS.has(o.authorizationError ?? "");
  if (!o.authorized && !explained) {
    add(ProblemCode.untrusted, `chain does not verify: ${o.authorizationError ?? "unknown error"}`);
  }
  if (o.weakProtocol) add(ProblemCode.weakProtocol, `accepts ${o.weakProtocol}`);
  return problems;
}
