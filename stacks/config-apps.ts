/**
 * The applications of the stack configuration (`tls-edge:apps`): names, namespaces, hosts, the
 * backend Service and the TLS strategy (the edge module's own `TlsStrategy`).
 */
import { TlsStrategy } from "../components/edge/strategies";
import { MAX_DNS_NAMES, inZone, isValidDnsName, isWildcard } from "../components/lib/hosts";
import type { Problems } from "../components/lib/problems";
import type { AcmeConfig } from "./config-acme";
import {
  configKey,
  int,
  obj,
  oneOf,
  PORT_MAX,
  shapeOf,
  str,
  strings,
  type Json,
} from "./config-reader";

export interface AppConfig {
  readonly name: string;
  readonly namespace: string;
  readonly hosts: string[];
  readonly service: { readonly name: string; readonly port: number };
  readonly strategy: TlsStrategy;
}

function emptyApp(name: string): AppConfig {
  return {
    name,
    namespace: name,
    hosts: [],
    service: { name, port: 80 },
    strategy: TlsStrategy.edge,
  };
}

/**
 * Each host routes to one app, once; an app's hosts go into one certificate (cert-manager makes
 * one from the Ingress's tls hosts), which ACME CAs refuse above MAX_DNS_NAMES names.
 */
export function checkAppHosts(p: Problems, apps: readonly AppConfig[]): void {
  const owner = new Map<string, { app: string; key: string }>();
  apps.forEach((app, i) => {
    if (app.strategy !== TlsStrategy.passthrough && app.hosts.length > MAX_DNS_NAMES) {
      p.add(
        configKey(`apps[${i}].hosts`),
        `${app.hosts.length} hosts, more than the ${MAX_DNS_NAMES} names one certificate can carry (ACME CAs refuse more); split them across several apps`,
      );
    }
    app.hosts.forEach((host, j) => {
      const key = `apps[${i}].hosts[${j}]`;
      const first = owner.get(host);
      if (!first) {
        owner.set(host, { app: app.name, key });
      } else if (first.key.startsWith(`apps[${i}].`)) {
        p.add(configKey(key), `"${host}" is listed twice (also ${first.key}); list each host once`);
      } else {
        p.add(
          configKey(key),
          `"${host}" is also a host of app "${first.app}" (${first.key}); a host routes to one app: remove it from one of them`,
        );
      }
    });
  });
}

export function parseApps(p: Problems, v: Json): AppConfig[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    p.add(configKey("apps"), `must be a list of applications, got ${shapeOf(v)}`);
    return [];
  }
  const seen = new Set<string>();
  return v.map((a, i) => {
    const key = `apps[${i}]`;
    const o = obj(p, key, a, ["name", "namespace", "hosts", "service", "strategy"]);
    // Kept in place, empty, so that later messages keep each app's index.
    if (!o) return emptyApp(`app-${i}`);
    const name = str(p, `${key}.name`, o["name"], true) ?? `app-${i}`;
    if (seen.has(name))
      p.add(configKey(`${key}.name`), `"${name}" is used twice; app names must be unique`);
    seen.add(name);
    const hosts = strings(p, `${key}.hosts`, o["hosts"], true);
    hosts.forEach((h, j) => {
      if (!isValidDnsName(h))
        p.add(configKey(`${key}.hosts[${j}]`), `"${h}" is not a valid host name`);
    });
    const serviceMap = obj(p, `${key}.service`, o["service"], ["name", "port"]);
    const service = serviceMap ?? {};
    return {
      name,
      namespace: str(p, `${key}.namespace`, o["namespace"], false) ?? name,
      hosts,
      service: {
        name: str(p, `${key}.service.name`, service["name"], serviceMap !== undefined) ?? name,
        port: int(p, `${key}.service.port`, service["port"], 80, 1, PORT_MAX),
      },
      strategy: oneOf(
        p,
        `${key}.strategy`,
        o["strategy"],
        Object.values(TlsStrategy),
        TlsStrategy.edge,
      ),
    };
  });
}

function zoneOf(host: string, zones: readonly string[]): boolean {
  return zones.some((zone) => inZone(host, zone));
}

/** Each host needs a way to be validated: DNS-01 for its zone, or HTTP-01 (never for wildcards). */
export function checkAppZones(p: Problems, apps: readonly AppConfig[], acme: AcmeConfig): void {
  const dnsZones = acme.dns01.flatMap((d) => d.zones);
  apps.forEach((app, i) =>
    app.hosts.forEach((h, j) => {
      if (isWildcard(h) && !zoneOf(h, dnsZones)) {
        p.add(
          configKey(`apps[${i}].hosts[${j}]`),
          `wildcard "${h}" needs a DNS-01 solver for its zone; add its zone under issuer.acme.dns01 or list the names one by one`,
        );
      } else if (!acme.http01 && !zoneOf(h, dnsZones)) {
        p.add(
          configKey(`apps[${i}].hosts[${j}]`),
          `"${h}" is in no DNS-01 zone and HTTP-01 is off; add its zone under issuer.acme.dns01 or set issuer.acme.http01: true`,
        );
      }
    }),
  );
}
