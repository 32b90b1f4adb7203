/**
 * Rehearsal overhead: times `rehearse()` against a bare acme-client DNS-01 order for the same
 * names on the same local Pebble (account, order, TXT via challtestsrv, finalize, download).
 * The difference is what the rehearsal adds: DNS visibility checks, certificate checks, cleanup
 * bookkeeping and the directory probe.
 */
import * as acme from "acme-client";
import { Agent } from "node:https";
import { rootCertificates } from "node:tls";
import { ChalltestsrvDns, rehearse } from "../components/acme";
import { startPebble, type Pebble } from "../test/helpers/pebble";

async function bareOrder(pebble: Pebble, names: string[]): Promise<void> {
  const post = (path: string, body: object) =>
    fetch(`${pebble.challtestsrvUrl}${path}`, { method: "POST", body: JSON.stringify(body) });
  const client = new acme.Client({
    directoryUrl: pebble.directoryUrl,
    accountKey: await acme.crypto.createPrivateEcdsaKey("P-256"),
    backoffMin: 200,
    backoffMax: 5000,
  });
  await client.createAccount({ termsOfServiceAgreed: true });
  const order = await client.createOrder({
    identifiers: names.map((value) => ({ type: "dns", value })),
  });
  const authorizations = await client.getAuthorizations(order);
  const hosts = new Set<string>();
  for (const authz of authorizations) {
    const challenge = authz.challenges.find((c) => c.type === "dns-01")!;
    const host = `_acme-challenge.${authz.identifier.value}.`;
    hosts.add(host);
    await post("/set-txt", { host, value: await client.getChallengeKeyAuthorization(challenge) });
    await client.completeChallenge(challenge);
    await client.waitForValidStatus(challenge);
  }
  const [, csr] = await acme.crypto.createCsr(
    { altNames: names },
    await acme.crypto.createPrivateEcdsaKey("P-256"),
  );
  await client.getCertificate(await client.finalizeOrder(order, csr));
  for (const host of hosts) await post("/clear-txt", { host });
}

/** Mean ms per order for each, over `rounds` rounds (names get a fresh zone each round). */
export async function benchAcme(opts: {
  names: string[];
  rounds: number;
}): Promise<{ rehearsalMs: number; bareMs: number; ratioToBare: number }> {
  const pebble = await startPebble();
  const previousAgent = acme.axios.defaults.httpsAgent;
  acme.axios.defaults.httpsAgent = new Agent({ ca: [...rootCertificates, pebble.caPem] });
  const dns = new ChalltestsrvDns({
    managementUrl: pebble.challtestsrvUrl,
    dnsServer: pebble.dnsServer,
  });
  let rehearsalTotal = 0;
  let bareTotal = 0;
  try {
    for (let round = 0; round < opts.rounds; round++) {
      const names = opts.names.map((n) => `${n}.r${round}-${Date.now()}.bench`);
      let t = performance.now();
      await rehearse({
        directoryUrl: pebble.directoryUrl,
        caPem: pebble.caPem,
        domains: names,
        dns,
      });
      rehearsalTotal += performance.now() - t;
      t = performance.now();
      await bareOrder(
        pebble,
        names.map((n) => `bare-${n}`.replace("bare-*.", "*.bare-")),
      );
      bareTotal += performance.now() - t;
    }
  } finally {
    acme.axios.defaults.httpsAgent = previousAgent;
    await pebble.stop();
  }
  const rehearsalMs = rehearsalTotal / opts.rounds;
  const bareMs = bareTotal / opts.rounds;
  return { rehearsalMs, bareMs, ratioToBare: rehearsalMs / bareMs };
}
