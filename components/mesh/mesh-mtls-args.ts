/**
 * `MeshMtls` args and their validation: what a platform engineer sets, checked before anything
 * is registered.
 */
import { Problems } from "../lib/problems";
import { outputProblems } from "../lib/inputs";
import { MeshProvider, MtlsMode, PortMtlsMode, type MeshIngressController } from "./types";
import { LABEL, isDns1123Label, isLabelKey } from "../lib/names";

/** One application namespace the component creates with mesh injection on. */
export interface MeshNamespaceArgs {
  /** The namespace's name. */
  readonly name: string;
  /** mTLS mode of this namespace. @default the mesh-wide `mode` */
  readonly mode?: MtlsMode;
  /** Pod labels of the workloads `portLevelMtls` (Istio) or `ports` (Linkerd) apply to. */
  readonly selector?: Readonly<Record<string, string>>;
  /**
   * Istio: per-port modes of the selected workloads; needs `selector`.
   * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/
   */
  readonly portLevelMtls?: Readonly<Record<number, PortMtlsMode>>;
  /**
   * Linkerd: container ports of the selected pods that only the ingress controller's identity
   * may reach, over mTLS. @see https://linkerd.io/2/reference/authorization-policy/
   */
  readonly ports?: readonly number[];
}

export interface MeshMtlsArgs {
  /** Which mesh. @see https://istio.io/latest/docs/concepts/security/ */
  readonly provider: MeshProvider;
  /** Mesh-wide mTLS mode, and the default of every namespace. @default "STRICT" */
  readonly mode?: MtlsMode;
  /** Istio root namespace, where the mesh-wide policy lives. @default "istio-system" */
  readonly rootNamespace?: string;
  /** Application namespaces to create with injection on. @default [] */
  readonly namespaces?: readonly MeshNamespaceArgs[];
  /**
   * Istio: services (`<service>.<namespace>.svc.cluster.local`) pinned to ISTIO_MUTUAL with a
   * DestinationRule. @see https://istio.io/latest/docs/reference/config/networking/destination-rule/
   */
  readonly mutualTlsHosts?: readonly string[];
  /** The ingress controller in front of the mesh, authorised (Linkerd) to reach `ports`. */
  readonly ingressController?: MeshIngressController;
}

/** `<service>.<namespace>.svc.cluster.local`. */
export const SERVICE_HOST = new RegExp(`^(${LABEL})\\.(${LABEL})\\.svc\\.cluster\\.local$`);

function isPort(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}

function modeProblem(p: Problems, at: string, mode: unknown): void {
  if (mode === undefined || Object.values(MtlsMode).includes(mode as MtlsMode)) return;
  if (mode === "DISABLE") {
    p.add(at, '"DISABLE" turns mTLS off for every workload', 'use "PERMISSIVE" while migrating');
  } else if (mode === "UNSET") {
    p.add(at, '"UNSET" only means "inherit"', "leave mode out to inherit");
  } else {
    p.add(at, `${JSON.stringify(mode)} is not an mTLS mode`, 'use "STRICT" or "PERMISSIVE"');
  }
}

/**
 * Checks every plain value. All fields are plain (no Outputs): a mesh layout is decided when
 * the program is written, and the names end up in resource names.
 */
export function validateMeshMtlsArgs(args: MeshMtlsArgs): void {
  const p = new Problems();
  const at = "MeshMtlsArgs";
  outputProblems(p, at, args, [], "policies per namespace and host are made from it");
  p.throwIfAny();
  const providers = Object.values(MeshProvider) as string[];
  if (!providers.includes(args.provider)) {
    p.add(
      `${at}.provider`,
      `${JSON.stringify(args.provider)} is not a supported mesh`,
      `use one of ${providers.join(", ")}`,
    );
  }
  const istio = args.provider === "istio";
  const linkerd = args.provider === "linkerd";
  modeProblem(p, `${at}.mode`, args.mode);
  const mode = args.mode ?? "STRICT";
  const root = args.rootNamespace ?? "istio-system";
  if (args.rootNamespace !== undefined && !istio) {
    p.add(`${at}.rootNamespace`, "is an Istio setting", "drop it for Linkerd");
  } else if (!isDns1123Label(root)) {
    p.add(
      `${at}.rootNamespace`,
      `${JSON.stringify(root)} is not a valid namespace name`,
      "use lower-case letters, digits and '-', at most 63 characters",
    );
  }
  const ctrl = args.ingressController;
  const seen = new Set<string>();
  (args.namespaces ?? []).forEach((ns, i) => {
    const nat = `${at}.namespaces[${i}]`;
    if (!isDns1123Label(ns.name)) {
      p.add(
        `${nat}.name`,
        `${JSON.stringify(ns.name)} is not a valid namespace name`,
        "use lower-case letters, digits and '-', at most 63 characters",
      );
    } else if (seen.has(ns.name)) {
      p.add(`${nat}.name`, `"${ns.name}" is listed twice`, "list each namespace once");
    } else if (istio && ns.name === root) {
      p.add(
        `${nat}.name`,
        `"${ns.name}" is the Istio root namespace, which the mesh-wide policy already covers`,
        "list application namespaces only",
      );
    } else if (ctrl && ns.name === ctrl.namespace) {
      p.add(
        `${nat}.name`,
        `"${ns.name}" is the ingress controller's namespace, which its IngressController owns`,
        "list application namespaces only; the controller joins the mesh through its mesh arg",
      );
    }
    seen.add(ns.name);
    modeProblem(p, `${nat}.mode`, ns.mode);
    for (const key of Object.keys(ns.selector ?? {})) {
      if (!isLabelKey(key))
        p.add(
          `${nat}.selector`,
          `${JSON.stringify(key)} is not a valid label key`,
          "use a key such as app.kubernetes.io/name",
        );
    }
    const portModes = ns.portLevelMtls;
    if (portModes !== undefined) {
      if (!istio) {
        p.add(`${nat}.portLevelMtls`, "is an Istio setting", "use ports for Linkerd");
      } else if (!ns.selector || Object.keys(ns.selector).length === 0) {
        p.add(
          `${nat}.portLevelMtls`,
          "is set without a selector, and Istio ignores port-level mTLS on namespace-wide policies",
          "add a selector with the workloads' pod labels",
        );
      }
      for (const [port, portMode] of Object.entries(portModes)) {
        if (!isPort(Number(port)))
          p.add(`${nat}.portLevelMtls`, `${port} is not a port number`, "use 1 to 65535");
        if (!(Object.values(PortMtlsMode) as string[]).includes(portMode))
          p.add(
            `${nat}.portLevelMtls.${port}`,
            `${JSON.stringify(portMode)} is not a port mTLS mode`,
            'use "STRICT", "PERMISSIVE" or "DISABLE"',
          );
      }
    }
    if (ns.ports !== undefined) {
      if (!linkerd) {
        p.add(`${nat}.ports`, "is a Linkerd setting", "use portLevelMtls for Istio");
      } else if (!ctrl) {
        p.add(
          `${nat}.ports`,
          "are set but no ingressController is given, so no client would be authorised",
          "pass the IngressController as ingressController",
        );
      }
      const ports = new Set<number>();
      ns.ports.forEach((port, j) => {
        if (!isPort(port))
          p.add(`${nat}.ports[${j}]`, `${port} is not a port number`, "use 1 to 65535");
        else if (ports.has(port))
          p.add(`${nat}.ports[${j}]`, `${port} is listed twice`, "list each port once");
        ports.add(port);
      });
    }
  });
  const hosts = new Set<string>();
  (args.mutualTlsHosts ?? []).forEach((host, i) => {
    const hat = `${at}.mutualTlsHosts[${i}]`;
    if (!istio) {
      p.add(hat, "DestinationRules are an Istio setting", "drop mutualTlsHosts for Linkerd");
    } else if (!SERVICE_HOST.test(host)) {
      p.add(
        hat,
        `${JSON.stringify(host)} is not a cluster service name`,
        "use <service>.<namespace>.svc.cluster.local",
      );
    } else if (hosts.has(host)) {
      p.add(hat, `"${host}" is listed twice`, "list each host once");
    }
    hosts.add(host);
  });
  if (ctrl) {
    const joined = ctrl.mesh?.provider;
    if (joined !== undefined && joined !== args.provider) {
      p.add(
        `${at}.ingressController`,
        `the ${ctrl.controller} controller joined ${joined}, not ${args.provider}`,
        `pass mesh: { provider: "${args.provider}" } to its IngressController`,
      );
    } else if (joined === undefined && (linkerd || mode === "STRICT")) {
      const why = linkerd
        ? "Linkerd cannot authorise its identity"
        : "its plain-text requests to STRICT workloads are refused";
      p.add(
        `${at}.ingressController`,
        `the ${ctrl.controller} controller in namespace "${ctrl.namespace}" is outside the mesh, so ${why}`,
        `pass mesh: { provider: "${args.provider}" } to its IngressController`,
      );
    }
    if (ctrl.serviceAccountName !== undefined && !isDns1123Label(ctrl.serviceAccountName)) {
      p.add(
        `${at}.ingressController.serviceAccountName`,
        `${JSON.stringify(ctrl.serviceAccountName)} is not a valid ServiceAccount name`,
        "use the controller pods' ServiceAccount",
      );
    }
  }
  p.throwIfAny();
}
