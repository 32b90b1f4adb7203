/**
 * The hosts a stack declares in its Ingresses and Gateways, read from the resources the offline
 * engine recorded (`tls-edge inspect --from-stack`).
 */
import { GATEWAY_PROVIDERS } from "../../components/edge/values";
import type { RecordedResource } from "../offline/engine";
import { revealValue, UNKNOWN_TEXT } from "../offline/engine-wire";
import { DEFAULT_PORT } from "./targets";

/** A host a stack declares, and where. */
export interface DeclaredHost {
  readonly host: string;
  readonly port: number;
  /** The Pulumi resource name that declares it. */
  readonly resource: string;
}

/** A host name as declared, or undefined when it is not a plain known string. */
function knownHost(value: unknown): string | undefined {
  return typeof value === "string" && value !== UNKNOWN_TEXT && value !== "" ? value : undefined;
}

const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
const GATEWAY = "kubernetes:gateway.networking.k8s.io/v1:Gateway";
/** Traefik re-encryption routes (TlsIngress reencrypt on Traefik). */
const INGRESS_ROUTE = "kubernetes:traefik.io/v1alpha1:IngressRoute";

interface IngressInputs {
  spec?: { rules?: { host?: unknown }[] };
}
interface GatewayInputs {
  spec?: {
    gatewayClassName?: unknown;
    listeners?: { hostname?: unknown; port?: unknown; protocol?: unknown }[];
  };
}

/**
 * The port clients reach a listener on: a tls-edge controller's listeners use its own entry
 * point ports, which its Service exposes on other ports (Traefik: 8443 behind 443).
 */
function clientPort(gatewayClassName: unknown, port: number): number {
  const p = Object.values(GATEWAY_PROVIDERS).find((g) => g.gatewayClassName === gatewayClassName);
  if (p && port === p.ports.https) return p.servicePorts.https;
  if (p && port === p.ports.http) return p.servicePorts.http;
  return port;
}

/**
 * Hosts from Ingress rules and Traefik IngressRoute matches (port 443) and from Gateway
 * listeners that terminate or pass through TLS (their own port). Hosts that are unknown until
 * deployment are left out.
 */
export function declaredHosts(resources: readonly RecordedResource[]): DeclaredHost[] {
  const found: DeclaredHost[] = [];
  for (const r of resources) {
    if (r.type === INGRESS) {
      const inputs = revealValue(r.inputs) as IngressInputs;
      for (const rule of inputs.spec?.rules ?? []) {
        const host = knownHost(rule.host);
        if (host) found.push({ host, port: DEFAULT_PORT, resource: r.name });
      }
    } else if (r.type === INGRESS_ROUTE) {
      const inputs = revealValue(r.inputs) as { spec?: { routes?: { match?: unknown }[] } };
      for (const route of inputs.spec?.routes ?? []) {
        const match = typeof route.match === "string" ? route.match : "";
        for (const m of match.matchAll(/Host\(`([^`]+)`\)/g)) {
          const host = knownHost(m[1]);
          if (host) found.push({ host, port: DEFAULT_PORT, resource: r.name });
        }
      }
    } else if (r.type === GATEWAY) {
      const inputs = revealValue(r.inputs) as GatewayInputs;
      for (const l of inputs.spec?.listeners ?? []) {
        if (l.protocol !== "HTTPS" && l.protocol !== "TLS") continue;
        const host = knownHost(l.hostname);
        if (!host) continue;
        const port =
          typeof l.port === "number"
            ? clientPort(inputs.spec?.gatewayClassName, l.port)
            : DEFAULT_PORT;
        found.push({ host, port, resource: r.name });
      }
    }
  }
  return found;
}
