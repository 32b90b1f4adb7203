/**
 * staging-first: rehearse against a staging CA before a production CA can rate-limit you.
 * Non-production stacks use only staging or test ACME directories; in production, every issuer
 * on a production directory has a staging twin with the same solvers, so the same path can be
 * rehearsed first.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { acmeEnvironment, stagingTwinOf } from "../../components/known";
import { sameAcmeDirectory } from "../../components/lib/acme-url";
import { kubeObject, type KubeObject } from "../lib/kubernetes";
import { jsonEqual, list, rec, str, whenKnown } from "../lib/read";
import { isProduction, productionStacksSchema, stackOfUrn } from "../lib/stack";

export interface StagingFirstConfig {
  readonly productionStacks: readonly string[];
  /** ACME directories (exact URLs) that count as test CAs, e.g. an in-house step-ca. */
  readonly testDirectories: readonly string[];
}

interface AcmeIssuer {
  readonly resource: PolicyResource;
  readonly object: KubeObject;
  readonly server: string;
  readonly solvers: unknown;
}

function acmeIssuers(resources: PolicyResource[], report: (m: string, urn?: string) => void) {
  const out: AcmeIssuer[] = [];
  for (const r of resources) {
    const object = kubeObject(r.type, r.props, r.name);
    if (!object || object.group !== "cert-manager.io") continue;
    if (object.kind !== "Issuer" && object.kind !== "ClusterIssuer") continue;
    const acme = whenKnown(
      () => {
        const spec = rec(rec(r.props["spec"])["acme"]);
        const server = str(spec["server"]);
        return server === undefined ? undefined : { server, solvers: spec["solvers"] };
      },
      (m) => report(m, r.urn),
      `the ACME directory of ${object.kind} ${object.name}`,
    );
    if (acme) out.push({ resource: r, object, ...acme });
  }
  return out;
}

function label(i: AcmeIssuer): string {
  const o = i.object;
  return o.kind === "Issuer" ? `Issuer ${o.namespace}/${o.name}` : `ClusterIssuer ${o.name}`;
}

export const stagingFirst: StackValidationPolicy = {
  name: "staging-first",
  description:
    "Non-production stacks use staging ACME directories; production ACME issuers have a staging twin with the same solvers.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Point non-production issuers at the CA's staging directory; in production add an issuer on the staging directory with identical solvers.",
  configSchema: {
    properties: {
      productionStacks: productionStacksSchema,
      testDirectories: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "ACME directory URLs that count as test CAs",
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const config = args.getConfig<StagingFirstConfig>();
    const issuers = acmeIssuers(args.resources, reportViolation);
    if (issuers.length === 0) return;
    const stack = stackOfUrn(issuers[0]!.resource.urn);
    if (!isProduction(stack, args.stackTags, config.productionStacks)) {
      for (const i of issuers) {
        const env = acmeEnvironment(i.server);
        const listed = config.testDirectories.some((d) => sameAcmeDirectory(d, i.server));
        if (env === "staging" || env === "test" || listed) {
          continue;
        }
        const twin = stagingTwinOf(i.server);
        reportViolation(
          `${label(i)} uses the ${env} ACME directory ${i.server} in non-production stack "${stack}". ` +
            `Fix: use ${twin ? `the staging directory ${twin}` : "the CA's staging directory"}` +
            `${env === "unknown" ? `, or list ${i.server} in testDirectories if it is a test CA` : ""}.`,
          i.resource.urn,
        );
      }
      return;
    }
    for (const i of issuers) {
      const twinServer = stagingTwinOf(i.server);
      // CAs without a staging directory (ZeroSSL, SSL.com) have nothing to rehearse against.
      if (acmeEnvironment(i.server) !== "production" || !twinServer) continue;
      const twins = issuers.filter(
        (t) =>
          sameAcmeDirectory(t.server, twinServer) &&
          t.object.kind === i.object.kind &&
          (t.object.kind === "ClusterIssuer" || t.object.namespace === i.object.namespace),
      );
      if (twins.length === 0) {
        reportViolation(
          `${label(i)} uses the production directory ${i.server} but has no staging twin. ` +
            `Fix: add a ${i.object.kind} on ${twinServer} with the same solvers and issue there first.`,
          i.resource.urn,
        );
        continue;
      }
      const same = whenKnown(
        () => twins.some((t) => jsonEqual(list(t.solvers), list(i.solvers))),
        (m) => reportViolation(m, i.resource.urn),
        `the solvers of ${label(i)} and its staging twin`,
      );
      if (same === false) {
        reportViolation(
          `${label(i)} has a staging twin (${twins.map(label).join(", ")}) whose solvers differ. ` +
            `Fix: give the twin exactly the production issuer's solvers so staging rehearses the same path.`,
          i.resource.urn,
        );
      }
    }
  },
};
