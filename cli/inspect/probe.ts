/**
 * The handshakes behind `tls-edge inspect`: one as a modern client would make it (what is
 * served, does it verify) and one that offers only TLS 1.0 and 1.1 (does the server still
 * accept them).
 */
import { connect, createSecureContext, rootCertificates, type PeerCertificate } from "node:tls";
import type { SecureContext } from "node:tls";
import { HANDSHAKE_TIMEOUT } from "./problems";

/** Secure contexts built once per run: parsing the system roots for every connection is slow. */
export interface ProbeContexts {
  readonly verify: SecureContext;
  readonly weak: SecureContext;
}

/** Contexts trusting the system roots plus `extraCa` (PEM text, may hold several certificates). */
export function probeContexts(extraCa: readonly string[] = []): ProbeContexts {
  return {
    verify: createSecureContext({ ca: [...rootCertificates, ...extraCa] }),
    // OpenSSL 3 refuses TLS 1.0/1.1 below security level 0, so the probe asks for level 0.
    weak: createSecureContext({
      minVersion: "TLSv1",
      maxVersion: "TLSv1.1",
      ciphers: "DEFAULT:@SECLEVEL=0",
    }),
  };
}

export interface Handshake {
  readonly protocol: string | null;
  readonly authorized: boolean;
  readonly authorizationError?: string;
  /** Leaf first. */
  readonly chain: PeerCertificate[];
}

export interface ProbeOptions {
  /** Where to connect. */
  readonly address: string;
  readonly port: number;
  /** SNI to send; none when undefined. */
  readonly servername: string | undefined;
  readonly timeoutMs: number;
}

/** The served chain, leaf first, following issuerCertificate until it repeats. */
function chainOf(
  leaf: PeerCertificate & { issuerCertificate?: PeerCertificate },
): PeerCertificate[] {
  const chain: PeerCertificate[] = [];
  const seen = new Set<string>();
  let cert: (PeerCertificate & { issuerCertificate?: PeerCertificate }) | undefined = leaf;
  while (cert && cert.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    chain.push(cert);
    cert = cert.issuerCertificate;
  }
  return chain;
}

/** One handshake; rejects with the connection or handshake error, or on timeout. */
export function handshake(options: ProbeOptions, context: SecureContext): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: options.address,
      port: options.port,
      // An empty servername would make node fall back to the host; "" with no SNI is not a thing.
      ...(options.servername ? { servername: options.servername } : {}),
      secureContext: context,
      rejectUnauthorized: false,
      // Names are checked separately (NAME_MISMATCH), so `authorized` speaks of the chain only.
      checkServerIdentity: () => undefined,
    });
    // Whether TCP connected tells a host that is not there from a peer that is not TLS.
    let connected = false;
    socket.once("connect", () => {
      connected = true;
    });
    const timer = setTimeout(() => {
      const err = new Error(
        connected
          ? `accepted the connection but sent no TLS handshake within ${options.timeoutMs} ms`
          : `no connection within ${options.timeoutMs} ms`,
      );
      socket.destroy(Object.assign(err, { code: HANDSHAKE_TIMEOUT }));
    }, options.timeoutMs);
    socket.once("secureConnect", () => {
      clearTimeout(timer);
      const result: Handshake = {
        protocol: socket.getProtocol(),
        authorized: socket.authorized,
        ...(socket.authorizationError
          ? { authorizationError: String(socket.authorizationError) }
          : {}),
        chain: chainOf(socket.getPeerCertificate(true)),
      };
      socket.destroy();
      resolve(result);
    });
    socket.once("error", (err) => {
      clearTimeout(timer);
      socket.destroy();
      reject(Object.assign(err, { connected }));
    });
  });
}
