/**
 * The controller container's requests and limits: the defaults autoscaling gets and the checks
 * on what a platform engineer gives.
 * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
 */
import { type Problems } from "../lib/problems";
import type { ContainerResources } from "./values";

/**
 * Resources when autoscaling is on and none are given: the CPU request the HPA's utilisation is
 * measured against, and a memory limit (the Traefik chart sets GOMEMLIMIT to 90% of it, so the
 * Go runtime collects before the kernel kills). No CPU limit: throttling a proxy adds latency in
 * exactly the bursts the autoscaler is there to absorb, and utilisation is taken from requests.
 */
export const DEFAULT_AUTOSCALING_RESOURCES: ContainerResources = {
  requests: { cpu: "100m", memory: "128Mi" },
  limits: { memory: "256Mi" },
};

const SUFFIX: Readonly<Record<string, number>> = {
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** A Kubernetes quantity ("250m", "1", "128Mi") as a number, or undefined when malformed. */
function quantity(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(text);
  return m ? Number(m[1]) * SUFFIX[m[2] ?? ""]! : undefined;
}

/** Adds a problem for each malformed quantity and each limit below its request. */
export function resourceProblems(p: Problems, at: string, r: ContainerResources): void {
  for (const what of ["cpu", "memory"] as const) {
    const example = what === "cpu" ? '"100m"' : '"128Mi"';
    const values: Partial<Record<"requests" | "limits", number>> = {};
    for (const side of ["requests", "limits"] as const) {
      const text = r[side]?.[what];
      if (text === undefined) continue;
      const n = quantity(text);
      if (n === undefined || n <= 0)
        p.add(
          `${at}.${side}.${what}`,
          `${JSON.stringify(text)} is not a positive Kubernetes quantity`,
          `use e.g. ${example}`,
        );
      else values[side] = n;
    }
    if (
      values.requests !== undefined &&
      values.limits !== undefined &&
      values.limits < values.requests
    )
      p.add(
        `${at}.limits.${what}`,
        `${r.limits?.[what]} is below the request ${r.requests?.[what]}, which Kubernetes rejects`,
        `raise the limit to at least ${r.requests?.[what]}`,
      );
  }
}
