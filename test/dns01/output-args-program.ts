/**
 * DNS-01 solvers given Outputs, one case per run, chosen by TLS_EDGE_CASE; run through
 * `tls-edge render|policy --program` by rfc2136.test.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { Rfc2136Dns01 } from "../../components/dns01";

const base = {
  dnsZones: ["lab.tls-edge.test"],
  nameserver: "127.0.0.1:53",
  tsigKeyName: "tls-edge-lab",
  tsigSecret: pulumi.secret("q7SM5PY1xMH7vM+uJ0qkdGx3X8Eqb1rJ9b4cE1n2b6U="),
};
const cases: Record<string, () => void> = {
  "rfc2136-secret-not-base64": () =>
    new Rfc2136Dns01("dns", { ...base, tsigSecret: pulumi.secret("not base64 at all") }),
  "rfc2136-nameserver-unbracketed": () =>
    new Rfc2136Dns01("dns", { ...base, nameserver: pulumi.output("::1") }),
};

const make = cases[process.env["TLS_EDGE_CASE"] ?? ""];
if (!make) throw new Error(`unknown case ${process.env["TLS_EDGE_CASE"]}`);
make();
