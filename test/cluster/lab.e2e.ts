/**
 * `pulumi up -s lab` onto the real-cluster lane (test/cluster/stack-suite.ts): prod's shape with
 * ACME end to end. Two Pebbles are the production and staging directories; both resolve through
 * BIND 9, which serves the lab zone and takes TSIG-signed updates: cert-manager's RFC 2136 solver
 * writes each DNS-01 record there, its propagation check asks BIND (the controller's
 * `--dns01-recursive-nameservers`, given through the chart's extraArgs as on a cluster whose
 * zones only an inside server holds), and Pebble validates against it. Istio's and the Prometheus
 * Operator's CRDs and namespaces are what those systems would have installed; the Gateway API
 * CRDs come with the stack, from the release's files in ../shared/upstream.
 */
import { X509Certificate } from "node:crypto";
import { request } from "node:https";
import { join } from "node:path";
import { startPebble, skipWithoutPebble, type Pebble } from "../helpers/pebble";
import { skipWithoutBind, startDnsServer } from "../helpers/dns-server";
import { installCrds, readCrds, upstreamCrdFiles } from "./crds";
import { stackSuite } from "./stack-suite";

const UPSTREAM = join(__dirname, "../../../shared/upstream");

/** The CA a Pebble issues from: its root (management API `/roots/0`). */
function pebbleRoot(pebble: Pebble): Promise<X509Certificate> {
  return new Promise((resolve, reject) => {
    const req = request(`${pebble.managementUrl}/roots/0`, { ca: pebble.caPem }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => {
        try {
          resolve(new X509Certificate(body));
        } catch (err) {
          reject(err as Error);
        }
      });
    });
    req.on("error", reject);
    req.end();
  });
}

stackSuite({
  stack: "lab",
  nodes: 3,
  passthrough: true,
  // Debian packages .ci/run installs: under CI=true a missing one throws.
  skip: skipWithoutPebble() || skipWithoutBind(),
  async prepare(plane) {
    const dns = await startDnsServer();
    const [production, staging] = [
      await startPebble({ dnsServer: dns.address }),
      await startPebble({ dnsServer: dns.address }),
    ];
    // What Istio's and the Prometheus Operator's installations own.
    await installCrds(
      plane.client,
      readCrds(upstreamCrdFiles().filter((f) => /istio|prometheus-operator/.test(f))),
    );
    const namespaces = ["istio-system", "monitoring"];
    for (const name of namespaces) {
      await plane.client.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
    }
    return {
      caCrt: false,
      testCa: true,
      namespaces,
      zone: dns.zone,
      edit(config) {
        const issuer = config["tls-edge:issuer"] as { acme: Record<string, unknown> };
        const dns01 = issuer.acme["dns01"] as Array<Record<string, unknown>>;
        issuer.acme = {
          ...issuer.acme,
          server: production.directoryUrl,
          stagingServer: staging.directoryUrl,
          // Both Pebbles serve their API with certificates the test made; one bundle for both.
          caBundle: production.caPem + staging.caPem,
          dns01: [{ ...dns01[0], nameserver: dns.address, tsigKeyName: dns.keyName }],
        };
        config["tls-edge:gatewayApi"] = {
          crds: join(UPSTREAM, "gateway-api-v1.5.1/config/crd/standard"),
        };
      },
      certManagerValues: {
        extraArgs: [
          `--dns01-recursive-nameservers=${dns.address}`,
          "--dns01-recursive-nameservers-only",
        ],
      },
      secrets: { "tls-edge:tsigSecret": dns.secret },
      async roots() {
        return [await pebbleRoot(production)];
      },
      async stop() {
        await production.stop();
        await staging.stop();
        await dns.stop();
      },
    };
  },
});
