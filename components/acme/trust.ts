/**
 * Extra trusted CAs for ACME directories served with a private certificate (Pebble, step-ca).
 * acme-client sends every request through one shared axios instance; a request interceptor,
 * added once on first use, gives requests to a registered origin an agent trusting its CA.
 */
import { Agent } from "node:https";
import { rootCertificates } from "node:tls";

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
