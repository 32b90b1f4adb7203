/** Inspection targets: `host[:port]` as typed on the command line. */
import { isIP } from "node:net";

/** One endpoint to inspect. */
export interface Target {
  /** As given (or derived), e.g. `app.example.com:443`. */
  readonly label: string;
  readonly host: string;
  readonly port: number;
}

export const DEFAULT_PORT = 443;

function parsePort(text: string, input: string): number {
  const port = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    throw new Error(`"${input}": port must be a number from 1 to 65535`);
  }
  return port;
}

/** Parses `host`, `host:port`, `[v6]` or `[v6]:port`; throws a usage message when malformed. */
export function parseTarget(input: string): Target {
  const text = input.trim();
  let host: string;
  let port = DEFAULT_PORT;
  const v6 = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (v6) {
    host = v6[1]!;
    if (v6[2] !== undefined) port = parsePort(v6[2], input);
    if (isIP(host) !== 6) throw new Error(`"${input}": "${host}" is not an IPv6 address`);
  } else if (isIP(text) === 6) {
    host = text;
  } else {
    const colon = text.lastIndexOf(":");
    host = colon === -1 ? text : text.slice(0, colon);
    if (colon !== -1) port = parsePort(text.slice(colon + 1), input);
  }
  if (!host || /[\s/]/.test(host)) {
    throw new Error(`"${input}": give a host name or address, optionally with :port`);
  }
  return { label: isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`, host, port };
}
