/**
 * The ACME rehearsal: a real DNS-01 order against a (staging) directory, end to end, with no
 * Pulumi involved. Account (optionally bound to an external account), order, TXT records
 * published and seen on the authoritative servers, challenges completed, order finalized with a
 * fresh ECDSA P-256 key, certificate downloaded and checked. Every TXT record it created is
 * removed, whatever happened.
 * @see https://datatracker.ietf.org/doc/html/rfc8555
 */
import type { Authorization, Client } from "acme-client";
import type { DnsProvider, RecordHandle } from "./dns/provider";
import {
  RehearsalError,
  RehearsalStep,
  validateRehearsalOptions,
  type RehearsalOptions,
} from "./options";
import { probeDirectory, trustDirectoryCa } from "./trust";
import { verifyIssuedCertificate, type IssuedCertificate } from "./verify";

export const DEFAULT_REHEARSAL_TIMEOUT_MS = 300_000;

export interface RehearsalResult {
  readonly directoryUrl: string;
  readonly domains: readonly string[];
  readonly certificate: IssuedCertificate;
  readonly durationMs: number;
}

type Acme = typeof import("acme-client");
type Challenge = Authorization["challenges"][number];

/** The name an authorization is for, as the caller wrote it (`*.` back on wildcards). */
const authzDomain = (a: Authorization): string =>
  a.wildcard ? `*.${a.identifier.value}` : a.identifier.value;

/** Pebble rejects a share of nonces; acme-client retries 5 times, this retries the whole call. */
const BAD_NONCE = /badNonce|anti-replay nonce/i;

/** The TXT records a run created, and the ones still being created when it stopped. */
class Records {
  readonly created: { domain: string; handle: RecordHandle }[] = [];
  private readonly inflight = new Set<Promise<unknown>>();
  closed = false;

  constructor(private readonly dns: DnsProvider) {}

  async publish(domain: string, fqdn: string, value: string): Promise<void> {
    if (this.closed) throw new Error("the rehearsal stopped before this record was published");
    const p = this.dns.publish(fqdn, value);
    this.inflight.add(p);
    try {
      this.created.push({ domain, handle: await p });
    } finally {
      this.inflight.delete(p);
    }
  }

  /** Removes every record created (after in-flight publishes land); returns the failures. */
  async removeAll(
    onRemoved: (domain: string, ms: number, error?: string) => void,
  ): Promise<string[]> {
    this.closed = true;
    await Promise.allSettled([...this.inflight]);
    const failures: string[] = [];
    for (const { domain, handle } of this.created.splice(0)) {
      const t = Date.now();
      try {
        await this.dns.remove(handle);
        onRemoved(domain, Date.now() - t);
      } catch (err) {
        const message = `${handle.fqdn} (${domain}) was not removed: ${(err as Error).message}`;
        failures.push(message);
        onRemoved(domain, Date.now() - t, message);
      }
    }
    return failures;
  }
}

/**
 * How long past the deadline a phase that stops at the deadline by itself may run before the
 * rehearsal gives up on it: one DNS query timeout per name server, with room to spare.
 */
const SELF_TIMED_GRACE_MS = 5_000;

/** Runs a rehearsal; resolves with the certificate's summary or rejects with a RehearsalError. */
export async function rehearse(options: RehearsalOptions): Promise<RehearsalResult> {
  validateRehearsalOptions(options);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when used
  const acme = require("acme-client") as Acme;
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? DEFAULT_REHEARSAL_TIMEOUT_MS);
  const domains = options.domains.map((d) => d.toLowerCase());
  const records = new Records(options.dns);
  const at: { step: RehearsalStep; domain?: string } = { step: RehearsalStep.account };
  // Phases that stop at the deadline by themselves (the directory probe, DNS propagation) end
  // with their own message, which names what they waited for; the overall timer only marks
  // the run overdue while one runs, so which of the two fires first never changes the result.
  let selfTimed = 0;
  let overdue = false;
  const limit = `${Math.round((deadline - started) / 1000)}s`;
  const timedOut = (late = false): RehearsalError =>
    new RehearsalError(
      at.step,
      at.domain,
      late
        ? `timed out after ${limit} and ${SELF_TIMED_GRACE_MS / 1000}s more: the ${at.step} step did not stop at the deadline`
        : `timed out after ${limit}`,
    );
  async function bounded<T>(fn: () => Promise<T>): Promise<T> {
    selfTimed++;
    try {
      return await fn();
    } finally {
      selfTimed--;
    }
  }
  const emit = options.onEvent ?? (() => {});

  /** Runs one step: records where we are, times it, reports it, names it in errors. */
  async function step<T>(name: RehearsalStep, domain: string | undefined, fn: () => Promise<T>) {
    if (records.closed) throw new RehearsalError(name, domain, "stopped");
    Object.assign(at, { step: name, domain });
    if (overdue) throw timedOut();
    const t = Date.now();
    try {
      const value = await fn();
      emit({ step: name, ...(domain ? { domain } : {}), status: "ok", ms: Date.now() - t });
      return value;
    } catch (err) {
      const detail = err instanceof RehearsalError ? err.detail : (err as Error).message;
      emit({
        step: name,
        ...(domain ? { domain } : {}),
        status: "failed",
        ms: Date.now() - t,
        detail,
      });
      throw err instanceof RehearsalError ? err : new RehearsalError(name, domain, detail);
    }
  }

  /** An ACME call, retried on bad nonces beyond acme-client's own retries. */
  async function call<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      if (records.closed) throw new Error("stopped");
      try {
        return await fn();
      } catch (err) {
        if (attempt >= 5 || !BAD_NONCE.test((err as Error).message)) throw err;
      }
    }
  }

  async function run(): Promise<IssuedCertificate> {
    const client = await step(RehearsalStep.account, undefined, async () => {
      await bounded(() =>
        probeDirectory(options.directoryUrl, options.caPem, Math.max(1, deadline - Date.now())),
      );
      const c = new acme.Client({
        directoryUrl: options.directoryUrl,
        accountKey: await acme.crypto.createPrivateEcdsaKey("P-256"),
        ...(options.externalAccountBinding
          ? { externalAccountBinding: { ...options.externalAccountBinding } }
          : {}),
        backoffAttempts: 40,
        backoffMin: 200,
        backoffMax: 5000,
      });
      await call(() =>
        c.createAccount({
          termsOfServiceAgreed: true,
          ...(options.email ? { contact: [`mailto:${options.email}`] } : {}),
        }),
      );
      return c;
    });
    const { order, pending } = await step(RehearsalStep.order, undefined, async () => {
      const o = await call(() =>
        client.createOrder({ identifiers: domains.map((value) => ({ type: "dns", value })) }),
      );
      const authorizations = await call(() => client.getAuthorizations(o));
      const found = await challengesOf(client, authorizations);
      // CAs list authorizations in any order; follow the caller's order of names.
      found.sort((a, b) => domains.indexOf(a.domain) - domains.indexOf(b.domain));
      return { order: o, pending: found };
    });
    for (const p of pending) {
      await step(RehearsalStep.publish, p.domain, () =>
        records.publish(p.domain, p.fqdn, p.keyAuthorization),
      );
    }
    await Promise.all(
      pending.map((p) =>
        step(RehearsalStep.propagate, p.domain, () =>
          bounded(() => options.dns.waitVisible(p.fqdn, p.keyAuthorization, deadline)),
        ),
      ),
    );
    await Promise.all(
      pending.map((p) =>
        step(RehearsalStep.validate, p.domain, async () => {
          await call(() => client.completeChallenge(p.challenge));
          // The challenge carries the CA's error detail when validation fails.
          await call(() => client.waitForValidStatus(p.challenge));
          await call(() => client.waitForValidStatus(p.authz));
        }),
      ),
    );
    const { finalized, keyPem } = await step(RehearsalStep.finalize, undefined, async () => {
      const key = await acme.crypto.createPrivateEcdsaKey("P-256");
      const commonName = domains.find((d) => d.length <= 64);
      const [, csr] = await acme.crypto.createCsr(
        { ...(commonName ? { commonName } : {}), altNames: [...domains] },
        key,
      );
      return { finalized: await call(() => client.finalizeOrder(order, csr)), keyPem: key };
    });
    const pem = await step(RehearsalStep.download, undefined, () =>
      call(() => client.getCertificate(finalized)),
    );
    return step(RehearsalStep.verify, undefined, async () =>
      verifyIssuedCertificate(pem, domains, keyPem.toString()),
    );
  }

  const untrust = options.caPem
    ? trustDirectoryCa(acme.axios, options.directoryUrl, options.caPem)
    : () => {};
  let timer: NodeJS.Timeout | undefined;
  let failure: unknown;
  let certificate: IssuedCertificate | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        overdue = true;
        if (selfTimed === 0) {
          records.closed = true;
          reject(timedOut());
          return;
        }
        // A DNS provider of the caller's may not honour the deadline: stop it after a grace.
        timer = setTimeout(() => {
          records.closed = true;
          reject(timedOut(true));
        }, SELF_TIMED_GRACE_MS);
      }, deadline - started);
    });
    certificate = await Promise.race([run(), timeout]);
  } catch (err) {
    failure = err;
  } finally {
    clearTimeout(timer);
  }
  const cleanupErrors = await records.removeAll((domain, ms, error) =>
    emit({
      step: RehearsalStep.cleanup,
      domain,
      status: error ? "failed" : "ok",
      ms,
      ...(error ? { detail: error } : {}),
    }),
  );
  untrust();
  if (failure !== undefined) {
    const e =
      failure instanceof RehearsalError
        ? failure
        : new RehearsalError(at.step, at.domain, (failure as Error).message);
    throw cleanupErrors.length ? new RehearsalError(e.step, e.domain, e.detail, cleanupErrors) : e;
  }
  if (cleanupErrors.length) {
    throw new RehearsalError(
      RehearsalStep.cleanup,
      undefined,
      cleanupErrors.join("; "),
      cleanupErrors,
    );
  }
  return {
    directoryUrl: options.directoryUrl,
    domains,
    certificate: certificate!,
    durationMs: Date.now() - started,
  };
}

interface PendingChallenge {
  readonly domain: string;
  readonly fqdn: string;
  readonly keyAuthorization: string;
  readonly authz: Authorization;
  readonly challenge: Challenge;
}

/** The dns-01 challenge of each authorization still pending (valid ones are reused as is). */
async function challengesOf(
  client: Client,
  authorizations: Authorization[],
): Promise<PendingChallenge[]> {
  const pending: PendingChallenge[] = [];
  for (const authz of authorizations) {
    if (authz.status === "valid") continue;
    const domain = authzDomain(authz);
    const challenge = authz.challenges.find((c) => c.type === "dns-01");
    if (!challenge) {
      throw new RehearsalError(RehearsalStep.order, domain, "the CA offered no dns-01 challenge");
    }
    pending.push({
      domain,
      fqdn: `_acme-challenge.${authz.identifier.value}`,
      keyAuthorization: await client.getChallengeKeyAuthorization(challenge),
      authz,
      challenge,
    });
  }
  return pending;
}
