/**
 * The components and the policy pack read the same inputs the same way: each row goes through a
 * component's validation and through a policy rule, and both must give Go's (or a TLS client's)
 * answer.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks } from "../helpers/mocks";
import { scenario, messagesOf } from "../policy/support";

const engine = useMocks({ stack: "dev" });

/** Durations and whether Go's time.ParseDuration takes them (Go 1.26; see durations.test.ts). */
const DURATIONS: readonly (readonly [string, boolean])[] = [
  ["2160h", true],
  ["0", true],
  [".5h", true],
  ["1h30m", true],
  ["1.5h", true],
  ["+3h", true],
  ["-1h", true],
  ["1\u00b5s", true],
  ["5.h", true],
  ["90d", false],
  ["720", false],
  [" 1h", false],
  ["1h ", false],
  [".h", false],
  ["1H", false],
  ["2562047h47m16.854775808s", false],
];

/** Certificate or tls names, hosts, and whether the name covers the host. */
const COVERS: readonly (readonly [string, string, boolean])[] = [
  ["*.example.com", "a.example.com", true],
  ["shop.example.com", "shop.example.com", true],
  ["*.example.com", "example.com", false],
  ["*.example.com", "a.b.example.com", false],
  ["*.shop.example.com", "api.shop.example.com", true],
  ["a.example.com", "b.example.com", false],
];

describe("components and policy agree", () => {
  let k8s: typeof import("@pulumi/kubernetes");
  let certificates: typeof import("../../components/certificates/index.js");
  let edge: typeof import("../../components/edge/index.js");
  let controller: InstanceType<(typeof edge)["IngressController"]>;
  before(async () => {
    k8s = await import("@pulumi/kubernetes");
    certificates = await import("../../components/certificates/index.js");
    edge = await import("../../components/edge/index.js");
    controller = new edge.IngressController("agree", {
      defaultCertificate: { secretName: "edge-tls" },
    });
  });

  it("on which texts are Go durations (Certificate args and the certificates rule)", async () => {
    for (const [duration, go] of DURATIONS) {
      let component = true;
      try {
        certificates.validateCertificateArgs({
          dnsNames: ["shop.example.com"],
          secretName: "shop-tls",
          namespace: "shop",
          issuer: { name: "ca", kind: "ClusterIssuer" },
          duration,
        });
      } catch (err) {
        component = !String(err).includes("is not a Go duration");
      }
      const resources = await scenario(engine, () => {
        new k8s.apiextensions.CustomResource("ca", {
          apiVersion: "cert-manager.io/v1",
          kind: "ClusterIssuer",
          metadata: { name: "ca" },
          spec: { selfSigned: {} },
        });
        new k8s.apiextensions.CustomResource("shop", {
          apiVersion: "cert-manager.io/v1",
          kind: "Certificate",
          metadata: { name: "shop", namespace: "shop" },
          spec: {
            secretName: "shop-tls",
            dnsNames: ["shop.example.com"],
            issuerRef: { name: "ca", kind: "ClusterIssuer", group: "cert-manager.io" },
            duration,
          },
        });
      });
      const messages = await messagesOf(resources, "certificates");
      const policy = !messages.some((m) => m.includes("not a Go duration"));
      assert.deepEqual([component, policy], [go, go], JSON.stringify(duration));
    }
  });

  it("on which names cover which hosts (TlsIngress args and the tls-required rule)", async () => {
    for (const [name, host, covers] of COVERS) {
      let component = true;
      try {
        edge.validateTlsIngressArgs({
          via: controller,
          namespace: "shop",
          hosts: [host],
          backend: { service: "shop", port: 80 },
          certificate: { secretName: "shop-tls", dnsNames: [name] },
        });
      } catch (err) {
        component = !String(err).includes("is not covered by any certificate");
      }
      const resources = await scenario(engine, () => {
        new k8s.networking.v1.Ingress("shop", {
          metadata: { name: "shop", namespace: "shop" },
          spec: {
            ingressClassName: "traefik",
            tls: [{ hosts: [name], secretName: "shop-tls" }],
            rules: [
              {
                host,
                http: {
                  paths: [
                    {
                      path: "/",
                      pathType: "Prefix",
                      backend: { service: { name: "shop", port: { number: 80 } } },
                    },
                  ],
                },
              },
            ],
          },
        });
      });
      const messages = await messagesOf(resources, "tls-required");
      const policy = !messages.some((m) => m.includes("is not covered by any tls entry"));
      assert.deepEqual([component, policy], [covers, covers], `${name} ~ ${host}`);
    }
  });
});
