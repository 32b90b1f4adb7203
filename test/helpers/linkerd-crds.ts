/**
 * The `openAPIV3Schema` of Linkerd's policy CRDs, transcribed from linkerd/linkerd2
 * `charts/linkerd-crds/templates/policy/{server,authorization-policy,meshtls-authentication}.yaml`
 * (descriptions left out). Keyed by `<apiVersion>/<kind>`; only served versions tls-edge emits.
 */

/** A CRD structural schema node, as Kubernetes writes it. */
export interface CrdSchema {
  type?: string;
  required?: string[];
  properties?: Record<string, CrdSchema>;
  items?: CrdSchema;
  oneOf?: CrdSchema[];
  enum?: string[];
  pattern?: string;
  maxLength?: number;
  minLength?: number;
  default?: unknown;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-int-or-string"?: boolean;
  /** Found in upstream CRDs read in place (see upstream-crds.ts). */
  anyOf?: CrdSchema[];
  allOf?: CrdSchema[];
  additionalProperties?: CrdSchema | boolean;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  maxProperties?: number;
}

const GROUP_PATTERN = "^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
const KIND_PATTERN = "^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$";

const group: CrdSchema = { type: "string", maxLength: 253, pattern: GROUP_PATTERN };
const kind: CrdSchema = { type: "string", maxLength: 63, minLength: 1, pattern: KIND_PATTERN };
const refName: CrdSchema = { type: "string", maxLength: 253, minLength: 1 };
const refNamespace: CrdSchema = { type: "string", maxLength: 253 };

const labelSelector: CrdSchema = {
  type: "object",
  properties: {
    matchLabels: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
    matchExpressions: {
      type: "array",
      items: {
        type: "object",
        required: ["key", "operator"],
        properties: {
          key: { type: "string" },
          operator: { type: "string", enum: ["In", "NotIn", "Exists", "DoesNotExist"] },
          values: { type: "array", items: { type: "string" } },
        },
      },
    },
  },
};

/** servers.policy.linkerd.io, version v1beta3 (the storage version). */
const serverV1beta3: CrdSchema = {
  type: "object",
  required: ["spec"],
  properties: {
    spec: {
      type: "object",
      required: ["port"],
      oneOf: [{ required: ["podSelector"] }, { required: ["externalWorkloadSelector"] }],
      properties: {
        accessPolicy: { type: "string", default: "deny" },
        podSelector: labelSelector,
        externalWorkloadSelector: labelSelector,
        port: { "x-kubernetes-int-or-string": true },
        proxyProtocol: { type: "string", default: "unknown" },
      },
    },
  },
};

/** authorizationpolicies.policy.linkerd.io, version v1alpha1. */
const authorizationPolicyV1alpha1: CrdSchema = {
  type: "object",
  required: ["spec"],
  properties: {
    spec: {
      type: "object",
      required: ["targetRef", "requiredAuthenticationRefs"],
      properties: {
        targetRef: {
          type: "object",
          required: ["kind", "name"],
          properties: { group, kind, name: refName },
        },
        requiredAuthenticationRefs: {
          type: "array",
          items: {
            type: "object",
            required: ["kind", "name"],
            properties: { group, kind, name: refName, namespace: refNamespace },
          },
        },
      },
    },
  },
};

/** meshtlsauthentications.policy.linkerd.io, version v1alpha1. */
const meshTlsAuthenticationV1alpha1: CrdSchema = {
  type: "object",
  required: ["spec"],
  properties: {
    spec: {
      type: "object",
      oneOf: [{ required: ["identities"] }, { required: ["identityRefs"] }],
      properties: {
        identities: {
          type: "array",
          items: {
            type: "string",
            pattern: "^(\\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?)(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
          },
        },
        identityRefs: {
          type: "array",
          items: {
            type: "object",
            required: ["kind"],
            properties: { group, kind, name: refName, namespace: refNamespace },
          },
        },
      },
    },
  },
};

export const LINKERD_CRD_SCHEMAS: Readonly<Record<string, CrdSchema>> = {
  "policy.linkerd.io/v1beta3/Server": serverV1beta3,
  "policy.linkerd.io/v1alpha1/AuthorizationPolicy": authorizationPolicyV1alpha1,
  "policy.linkerd.io/v1alpha1/MeshTLSAuthentication": meshTlsAuthenticationV1alpha1,
};
