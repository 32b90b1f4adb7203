/**
 * Real certificates made at test time with the system's `openssl` (node:crypto cannot sign
 * X.509): a root, an intermediate and leaves, in a temp dir removed by `dispose()`.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Issued {
  readonly certPem: string;
  readonly keyPem: string;
  /** Path of the certificate, to sign others with. */
  readonly certPath: string;
  readonly keyPath: string;
}

function requireOpenssl(): void {
  try {
    execFileSync("openssl", ["version"], { stdio: "pipe" });
  } catch {
    throw new Error(
      "these tests need the openssl command to make certificates; install openssl (e.g. apt-get install openssl)",
    );
  }
}

export class TestPki {
  private readonly dir = mkdtempSync(join(tmpdir(), "tls-edge-pki-"));
  private serial = 1;

  constructor() {
    requireOpenssl();
  }

  private run(args: string[]): void {
    execFileSync("openssl", args, { cwd: this.dir, stdio: "pipe" });
  }

  private newKey(id: string): string {
    const keyPath = join(this.dir, `${id}.key`);
    this.run([
      "genpkey",
      "-algorithm",
      "EC",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-out",
      keyPath,
    ]);
    return keyPath;
  }

  private issued(certPath: string, keyPath: string): Issued {
    return {
      certPem: readFileSync(certPath, "utf8"),
      keyPem: readFileSync(keyPath, "utf8"),
      certPath,
      keyPath,
    };
  }

  /** A self-signed CA. */
  root(id: string, cn: string, days = 3650): Issued {
    const keyPath = this.newKey(id);
    const certPath = join(this.dir, `${id}.crt`);
    this.run([
      "req",
      "-x509",
      "-new",
      "-key",
      keyPath,
      "-out",
      certPath,
      "-subj",
      `/CN=${cn}`,
      "-days",
      String(days),
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    return this.issued(certPath, keyPath);
  }

  /** A certificate signed by `issuer`: a CA when `ca`, else a server leaf for `dnsNames`. */
  sign(
    id: string,
    issuer: Issued,
    options: { cn: string; dnsNames?: string[]; days?: number; ca?: boolean },
  ): Issued {
    const keyPath = this.newKey(id);
    const csrPath = join(this.dir, `${id}.csr`);
    const certPath = join(this.dir, `${id}.crt`);
    const extPath = join(this.dir, `${id}.ext`);
    const ext = options.ca
      ? ["basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign,cRLSign"]
      : [
          "basicConstraints=critical,CA:FALSE",
          "keyUsage=critical,digitalSignature",
          "extendedKeyUsage=serverAuth",
          ...(options.dnsNames?.length
            ? [`subjectAltName=${options.dnsNames.map((n) => `DNS:${n}`).join(",")}`]
            : []),
        ];
    writeFileSync(extPath, `${ext.join("\n")}\n`);
    this.run(["req", "-new", "-key", keyPath, "-out", csrPath, "-subj", `/CN=${options.cn}`]);
    this.run([
      "x509",
      "-req",
      "-in",
      csrPath,
      "-CA",
      issuer.certPath,
      "-CAkey",
      issuer.keyPath,
      "-set_serial",
      String(this.serial++),
      "-days",
      String(options.days ?? 90),
      "-extfile",
      extPath,
      "-out",
      certPath,
    ]);
    return this.issued(certPath, keyPath);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
