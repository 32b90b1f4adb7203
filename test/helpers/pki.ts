/**
 * Real certificates for tests, made at test time with the openssl command (node:crypto cannot
 * sign X.509): roots, intermediates and leaves with chosen names and dates, self-signed leaves.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A key and certificate; `chain` is the certificate then its intermediates (what a server sends). */
export interface Issued {
  readonly name: string;
  readonly key: string;
  readonly cert: string;
  readonly chain: string;
  readonly keyFile: string;
  readonly certFile: string;
  /** Self-signed: a server sends it alone, and certificates it signs are sent without it. */
  readonly isRoot: boolean;
}

export interface Subject {
  readonly cn: string;
  readonly o?: string;
}

export interface LeafSpec extends Subject {
  readonly sans?: readonly string[];
  /** Offsets from now, in hours. @default -1 and +90 days */
  readonly notBeforeHours?: number;
  readonly notAfterHours?: number;
}

const DAY_HOURS = 24;

function openssl(args: string[], cwd: string): void {
  execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

/** Fails the run with a clear message when openssl is missing. */
function requireOpenssl(): string {
  try {
    return execFileSync("openssl", ["version"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error(
      "these tests need the openssl command on PATH to make certificates (apt-get install openssl)",
    );
  }
}

function subj(s: Subject): string {
  return (s.o ? `/O=${s.o}` : "") + `/CN=${s.cn}`;
}

function asn1Time(hoursFromNow: number): string {
  const iso = new Date(Date.now() + hoursFromNow * 3_600_000).toISOString();
  return `${iso.slice(0, 19).replace(/[-T:]/g, "")}Z`;
}

function sanLine(sans: readonly string[]): string {
  const entries = sans.map((s) => (/^[\d.]+$/.test(s) || s.includes(":") ? `IP:${s}` : `DNS:${s}`));
  return entries.length ? `subjectAltName = ${entries.join(",")}\n` : "";
}

const CA_EXT =
  "basicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\n" +
  "subjectKeyIdentifier = hash\n";
const LEAF_EXT =
  "basicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature,keyEncipherment\n" +
  "extendedKeyUsage = serverAuth\n";
const CLIENT_EXT =
  "basicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature\n" +
  "extendedKeyUsage = clientAuth\n";

/** `openssl req` arguments that make a new, unencrypted P-256 key in `<name>.key`. */
function newP256Key(name: string): string[] {
  return [
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-keyout",
    `${name}.key`,
  ];
}

/** A scratch folder of keys and certificates; `dispose()` removes it. */
export class Pki {
  readonly dir = mkdtempSync(join(tmpdir(), "tls-edge-pki-"));
  private count = 0;

  constructor() {
    requireOpenssl();
    mkdirSync(join(this.dir, "newcerts"));
    writeFileSync(join(this.dir, "index.txt"), "");
    writeFileSync(join(this.dir, "serial"), "1000\n");
  }

  private config(extensions: string): string {
    const file = join(this.dir, `cfg-${++this.count}.cnf`);
    writeFileSync(
      file,
      `[req]\ndistinguished_name = dn\n[dn]\n` +
        `[ca]\ndefault_ca = ca_default\n[ca_default]\ndatabase = index.txt\n` +
        `new_certs_dir = newcerts\nserial = serial\ndefault_md = sha256\npolicy = any\n` +
        `unique_subject = no\n[any]\norganizationName = optional\ncommonName = supplied\n` +
        `[ext]\n${extensions}`,
    );
    return file;
  }

  private read(name: string, isRoot: boolean): Issued {
    const keyFile = join(this.dir, `${name}.key`);
    const certFile = join(this.dir, `${name}.crt`);
    const cert = readFileSync(certFile, "utf8");
    return {
      name,
      key: readFileSync(keyFile, "utf8"),
      cert,
      chain: cert,
      keyFile,
      certFile,
      isRoot,
    };
  }

  private newKeyAndCsr(name: string, s: Subject, config: string): void {
    openssl(
      [
        "req",
        "-new",
        ...newP256Key(name),
        "-out",
        `${name}.csr`,
        "-subj",
        subj(s),
        "-config",
        config,
      ],
      this.dir,
    );
  }

  /** A self-signed certificate: a root CA, or a leaf such as a controller's default certificate. */
  selfSigned(name: string, s: Subject & { sans?: readonly string[]; ca?: boolean }): Issued {
    const config = this.config(s.ca ? CA_EXT : LEAF_EXT + sanLine(s.sans ?? []));
    openssl(
      [
        "req",
        "-x509",
        ...newP256Key(name),
        "-out",
        `${name}.crt`,
        "-subj",
        subj(s),
        "-days",
        "3650",
        "-config",
        config,
        "-extensions",
        "ext",
      ],
      this.dir,
    );
    return this.read(name, true);
  }

  private sign(name: string, issuer: Issued, spec: LeafSpec, extensions: string): Issued {
    const config = this.config(extensions);
    this.newKeyAndCsr(name, spec, config);
    openssl(
      [
        "ca",
        "-batch",
        "-config",
        config,
        "-cert",
        issuer.certFile,
        "-keyfile",
        issuer.keyFile,
        "-in",
        `${name}.csr`,
        "-out",
        `${name}.crt`,
        "-notext",
        "-extensions",
        "ext",
        "-startdate",
        asn1Time(spec.notBeforeHours ?? -1),
        "-enddate",
        asn1Time(spec.notAfterHours ?? 90 * DAY_HOURS),
      ],
      this.dir,
    );
    const issued = this.read(name, false);
    const chain = issuer.isRoot ? issued.cert : issued.cert + issuer.chain;
    return { ...issued, chain };
  }

  /** An intermediate CA signed by `issuer`. */
  intermediate(name: string, issuer: Issued, s: Subject): Issued {
    return this.sign(name, issuer, { ...s, notAfterHours: 3650 * DAY_HOURS }, CA_EXT);
  }

  /** A server certificate signed by `issuer`, with its chain up to (not including) the root. */
  leaf(name: string, issuer: Issued, spec: LeafSpec): Issued {
    return this.sign(name, issuer, spec, LEAF_EXT + sanLine(spec.sans ?? []));
  }

  /** A client certificate signed by `issuer`; Kubernetes reads CN as the user, O as the group. */
  client(name: string, issuer: Issued, s: Subject): Issued {
    return this.sign(name, issuer, s, CLIENT_EXT);
  }

  /** A P-256 key pair alone, in `<name>.key` and `<name>.pub` (e.g. for signing tokens). */
  keyPair(name: string): { readonly keyFile: string; readonly publicKeyFile: string } {
    const keyFile = join(this.dir, `${name}.key`);
    const publicKeyFile = join(this.dir, `${name}.pub`);
    openssl(
      ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", keyFile],
      this.dir,
    );
    openssl(["pkey", "-in", keyFile, "-pubout", "-out", publicKeyFile], this.dir);
    return { keyFile, publicKeyFile };
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
