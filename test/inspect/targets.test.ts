import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { declaredHosts } from "../../cli/inspect/declared-hosts";
import { parseTarget } from "../../cli/inspect/targets";
import type { RecordedResource } from "../../cli/offline/engine";
import { SECRET_SIG, SECRET_SIG_KEY, UNKNOWN } from "../../cli/offline/engine-wire";

describe("parseTarget", () => {
  it("reads hosts, ports and IPv6 addresses", () => {
    assert.deepEqual(parseTarget("app.example.com"), {
      label: "app.example.com:443",
      host: "app.example.com",
      port: 443,
    });
    assert.deepEqual(parseTarget("10.0.0.7:8443"), {
      label: "10.0.0.7:8443",
      host: "10.0.0.7",
      port: 8443,
    });
    assert.deepEqual(parseTarget("[::1]:9443"), { label: "[::1]:9443", host: "::1", port: 9443 });
    assert.deepEqual(parseTarget("::1"), { label: "[::1]:443", host: "::1", port: 443 });
  });

  it("says what is wrong with a malformed target", () => {
    assert.throws(() => parseTarget("app:0"), {
      message: '"app:0": port must be a number from 1 to 65535',
    });
    assert.throws(() => parseTarget("app:https"), {
      message: '"app:https": port must be a number from 1 to 65535',
    });
    assert.throws(() => parseTarget("[app]:443"), {
      message: '"[app]:443": "app" is not an IPv6 address',
    });
    assert.throws(() => parseTarget("https://app"), {
      message: '"https://app": port must be a number from 1 to 65535',
    });
    assert.throws(() => parseTarget(":443"), {
      message: '":443": give a host name or address, optionally with :port',
    });
  });
});

function resource(type: string, name: string, inputs: Record<string, unknown>): RecordedResource {
  return { type, name, urn: `urn:${name}`, custom: true, inputs, dependencies: [] };
}

describe("declaredHosts", () => {
  it("reads Ingress rule hosts and TLS Gateway listeners, secrets revealed, unknowns left out", () => {
    const hosts = declaredHosts([
      resource("kubernetes:networking.k8s.io/v1:Ingress", "web", {
        spec: {
          rules: [
            { host: "a.example.com" },
            { host: { [SECRET_SIG_KEY]: SECRET_SIG, value: "b.example.com" } },
            { host: UNKNOWN },
            { http: {} },
          ],
        },
      }),
      resource("kubernetes:gateway.networking.k8s.io/v1:Gateway", "gw", {
        spec: {
          listeners: [
            { hostname: "c.example.com", port: 8443, protocol: "HTTPS" },
            { hostname: "d.example.com", port: 80, protocol: "HTTP" },
            { hostname: "e.example.com", port: 443, protocol: "TLS" },
            { port: 443, protocol: "HTTPS" },
          ],
        },
      }),
      resource("kubernetes:core/v1:Service", "svc", { spec: { rules: [{ host: "x" }] } }),
    ]);
    assert.deepEqual(hosts, [
      { host: "a.example.com", port: 443, resource: "web" },
      { host: "b.example.com", port: 443, resource: "web" },
      { host: "c.example.com", port: 8443, resource: "gw" },
      { host: "e.example.com", port: 443, resource: "gw" },
    ]);
  });

  it("reads the hosts of a Traefik IngressRoute (reencrypt) from its Host matchers", () => {
    const hosts = declaredHosts([
      resource("kubernetes:traefik.io/v1alpha1:IngressRoute", "api", {
        spec: {
          routes: [
            { match: "(Host(`*.api.example.net`) || Host(`api.example.net`)) && PathPrefix(`/`)" },
          ],
        },
      }),
    ]);
    assert.deepEqual(hosts, [
      { host: "*.api.example.net", port: 443, resource: "api" },
      { host: "api.example.net", port: 443, resource: "api" },
    ]);
  });
});
