/**
 * Extra trusted CAs for ACME directories served with a private certificate (Pebble, step-ca).
 * acme-client sends every request through one shared axios instance; a request interceptor,
 * added once on first use, gives requests to a registered origin an agent trusting its CA.
 */
import { Agent, request } from "node:https";
import { rootCertificates } from "node:tls";

/**
 * What newer Node.js releases (24 here) append to a certificate error ("self-signed certificate;
 * if the root CA is installed locally, try running Node.js with --use-system-ca"): the hint below
 * names the options this package takes instead, and the message stays the same on every line.
 */
const NODE_CA_ADVICE =
  /; if the root CA is installed locally, try running Node\.js with --use-system-ca$/;

const agents = new Map<string, { agent: Agent; users: number }>();
let installed = false;

/** Trusts `caPem` (in addition to the system roots) for `directoryUrl`'s origin; returns an undo. */
export function trustDirectoryCa(
  axios: (typeof import("acme-client"))["axios"],
  directoryUrl: string,
  caPem: string,
): () => void {
  if (!installed) {
    axios.interceptors.request.use((config) => {
      const origin = config.url ? safeOrigin(config.url) : undefined;
      const entry = origin ? agents.get(origin) : undefined;
      if (entry) config.httpsAgent = entry.agent;
      return config;
    });
    installed = true;
  }
  const origin = new URL(directoryUrl).origin;
  const entry = agents.get(origin) ?? {
    agent: new Agent({ ca: [...rootCertificates, caPem], keepAlive: false }),
    users: 0,
  };
  entry.users++;
  agents.set(origin, entry);
  return () => {
    if (--entry.users === 0) {
      agents.delete(origin);
      entry.agent.destroy();
    }
  };
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** The longest the directory probe waits for an answer. */
export const PROBE_WAIT_MS = 15_000;

/**
 * Reads the directory once with the same trust the ACME client will use, so that an untrusted
 * certificate or a wrong URL fails at once with a clear message (acme-client would retry
 * connection errors with growing delays).
 */
export function probeDirectory(
  directoryUrl: string,
  caPem?: string,
  waitMs = PROBE_WAIT_MS,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const wait = Math.min(waitMs, PROBE_WAIT_MS);
    const req = request(
      directoryUrl,
      { method: "GET", ...(caPem ? { ca: [...rootCertificates, caPem] } : {}) },
      (res) => {
        clearTimeout(timer);
        res.resume();
        if (res.statusCode === 200) resolve();
        else reject(new Error(`directory ${directoryUrl} answered HTTP ${res.statusCode}`));
      },
    );
    // One timer for the whole exchange (the socket's idle timeout restarts on every byte and
    // says nothing of the real wait); the message gives the time really waited.
    const timer = setTimeout(() => {
      const waited = ((Date.now() - started) / 1000).toFixed(1);
      req.destroy(new Error(`no answer after waiting ${waited} s`));
    }, wait);
    req.once("error", (err) => {
      clearTimeout(timer);
      const message = err.message.replace(NODE_CA_ADVICE, "");
      const hint = /certificate|self[- ]signed|CERT_/i.test(message)
        ? "; pass the CA that signed its certificate (caPem, --ca-file)"
        : "";
      reject(new Error(`directory ${directoryUrl}: ${message}${hint}`));
    });
    req.end();
  });
}
