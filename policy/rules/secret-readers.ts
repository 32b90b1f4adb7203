/**
 * secret-readers: who can read every Secret in the cluster (and so every TLS key). Advisory: a
 * ClusterRole granting get/list/watch on secrets, bound by a ClusterRoleBinding to a subject that
 * is not a Kubernetes system subject or on the allowed list. A stack policy because the grant and
 * the binding are separate objects.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { kubeObject } from "../lib/kubernetes";
import { whenKnown, list, rec, str } from "../lib/read";

export interface SecretReadersConfig {
  /** Subjects allowed to read all secrets: `User/<name>`, `Group/<name>`, `ServiceAccount/<ns>/<name>`. */
  readonly allowedSubjects: readonly string[];
}

const RBAC = "rbac.authorization.k8s.io";
const READ_VERBS = new Set(["get", "list", "watch", "*"]);

function grantsSecretRead(rules: unknown): boolean {
  return list(rules).some((raw) => {
    const rule = rec(raw);
    const groups = list(rule["apiGroups"]);
    const resources = list(rule["resources"]);
    const verbs = list(rule["verbs"]);
    return (
      (groups.includes("") || groups.includes("*")) &&
      (resources.includes("secrets") || resources.includes("*")) &&
      verbs.some((v) => typeof v === "string" && READ_VERBS.has(v))
    );
  });
}

function subjectKey(subject: Record<string, unknown>): string {
  const kind = str(subject["kind"]) ?? "";
  const name = str(subject["name"]) ?? "";
  return kind === "ServiceAccount"
    ? `ServiceAccount/${str(subject["namespace"]) ?? "default"}/${name}`
    : `${kind}/${name}`;
}

function isSystem(subject: Record<string, unknown>): boolean {
  const name = str(subject["name"]) ?? "";
  return (
    name.startsWith("system:") ||
    (subject["kind"] === "ServiceAccount" && subject["namespace"] === "kube-system")
  );
}

export const secretReaders: StackValidationPolicy = {
  name: "secret-readers",
  description: "No ClusterRole lets non-system subjects get, list or watch every Secret.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps:
    "Grant secret access with namespaced Roles limited by resourceNames, or list the subject in allowedSubjects if it truly needs cluster-wide reads.",
  configSchema: {
    properties: {
      allowedSubjects: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "User/<name>, Group/<name> or ServiceAccount/<namespace>/<name>",
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const allowed = new Set(args.getConfig<SecretReadersConfig>().allowedSubjects);
    const readers = new Set<string>();
    const bindings = [];
    for (const r of args.resources) {
      const object = kubeObject(r.type, r.props, r.name);
      if (!object || object.group !== RBAC) continue;
      if (object.kind === "ClusterRole") {
        const grants = whenKnown(
          () => grantsSecretRead(r.props["rules"]),
          (m) => reportViolation(m, r.urn),
          `the rules of ClusterRole ${object.name}`,
        );
        if (grants) readers.add(object.name);
      } else if (object.kind === "ClusterRoleBinding") {
        bindings.push({ r, object });
      }
    }
    for (const { r, object } of bindings) {
      whenKnown(
        () => {
          const roleRef = rec(r.props["roleRef"]);
          if (roleRef["kind"] !== "ClusterRole" || !readers.has(str(roleRef["name"]) ?? "")) return;
          for (const raw of list(r.props["subjects"])) {
            const subject = rec(raw);
            if (isSystem(subject) || allowed.has(subjectKey(subject))) continue;
            reportViolation(
              `ClusterRoleBinding ${object.name} lets ${subjectKey(subject)} read every Secret ` +
                `(and every TLS key) through ClusterRole ${str(roleRef["name"])}. Fix: use a ` +
                `namespaced Role with resourceNames, or add the subject to allowedSubjects.`,
              r.urn,
            );
          }
        },
        (m) => reportViolation(m, r.urn),
        `the subjects of ClusterRoleBinding ${object.name}`,
      );
    }
  },
};
