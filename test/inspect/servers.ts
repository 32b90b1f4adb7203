/** Loopback TLS and TCP servers for the inspect tests. */
import { createServer as createNetServer, type AddressInfo, type Socket } from "node:net";
import {
  createSecureContext,
  createServer,
  type SecureContextOptions,
  type TlsOptions,
} from "node:tls";
import type { Issued } from "../helpers/pki";

/** A loopback TLS server; `maxOpen` is the most TCP connections it held at once. */
export interface TestServer {
  readonly port: number;
  readonly maxOpen: () => number;
  close(): Promise<void>;
}

export interface ServeOptions {
  readonly cert: Issued;
  /** Certificates by SNI name; others get `cert`. */
  readonly sni?: Readonly<Record<string, Issued>>;
  /** Accept TLS 1.0 and 1.1 as well. */
  readonly legacy?: boolean;
  /** Hold each connection this long before the handshake starts. */
  readonly delayMs?: number;
}

/** Starts a TLS server on 127.0.0.1, port 0. */
export async function serve(options: ServeOptions): Promise<TestServer> {
  const base: SecureContextOptions = options.legacy
    ? { minVersion: "TLSv1", ciphers: "DEFAULT:@SECLEVEL=0" }
    : {};
  const contextFor = (c: Issued): SecureContextOptions => ({ ...base, key: c.key, cert: c.chain });
  const sniContexts = new Map(
    Object.entries(options.sni ?? {}).map(([n, c]) => [n, contextFor(c)] as const),
  );
  const tlsOptions: TlsOptions = {
    ...contextFor(options.cert),
    ...(sniContexts.size
      ? {
          SNICallback: (servername, cb) => {
            const ctx = sniContexts.get(servername);
            cb(null, ctx ? createSecureContext(ctx) : undefined);
          },
        }
      : {}),
  };
  const tlsServer = createServer(tlsOptions, (socket) => socket.end());
  tlsServer.on("tlsClientError", () => undefined);
  let open = 0;
  let max = 0;
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    open += 1;
    max = Math.max(max, open);
    sockets.add(socket);
    socket.on("close", () => {
      open -= 1;
      sockets.delete(socket);
    });
    socket.on("error", () => undefined);
    const hand = (): void => {
      tlsServer.emit("connection", socket);
    };
    if (options.delayMs) setTimeout(hand, options.delayMs);
    else hand();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    maxOpen: () => max,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A TCP server that answers each connection's first bytes with `reply` (then closes), whatever
 * they were: a plain-HTTP server, an SSH banner, a stray TLS alert. Without a reply it accepts
 * and never answers, so handshakes against it time out.
 */
export async function rawServer(reply?: Buffer | string): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const server = createNetServer((s) => {
    sockets.add(s);
    s.on("error", () => undefined);
    s.on("close", () => sockets.delete(s));
    if (reply !== undefined) s.once("data", () => s.end(reply));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    maxOpen: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A TCP server that accepts and never answers: handshakes against it time out. */
export function silentServer(): Promise<TestServer> {
  return rawServer();
}
