/**
 * An ingress controller installed from its pinned Helm chart, with TLS defaults on: HTTP→HTTPS
 * redirect, HSTS, TLS 1.2+ with modern ciphers and a real default certificate, plus HA
 * placement the chart actually renders. The component knows no chart keys: each controller's
 * values mapper in `values/` does.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CONTROLLERS, type ChartRef, type ControllerKind } from "../known";
import type { MeshJoin } from "../mesh/types";
import type { GatewayApiCrds } from "./gateway-api-crds";
import { overriddenValues, releaseChart } from "../lib/chart-source";
import { checkedWhenKnown } from "../lib/inputs";
import {
  INGRESS_CONTROLLER_INPUTS,
  ingressClassNameOf,
  validateIngressControllerArgs,
  type IngressControllerArgs,
} from "./ingress-controller-args";
import { DEFAULT_AUTOSCALING_RESOURCES } from "./resources";
import { supportedStrategies, type TlsStrategy } from "./strategies";
import {
  GATEWAY_PROVIDERS,
  VALUES_MAPPERS,
  type ControllerSettings,
  type GatewayProvider,
} from "./values";
import { hasPulumiType } from "../lib/instance";

/**
 * What a TlsGateway on this controller's Gateway provider needs: the GatewayClass, the ports
 * the controller listens on (its listeners must use them) and the CRDs to order after.
 */
export interface ControllerGateway extends GatewayProvider {
  readonly crds: GatewayApiCrds;
}

/** An ingress controller (Traefik, HAProxy or the retired ingress-nginx) with TLS defaults on. */
export class IngressController extends pulumi.ComponentResource {
  /** The Pulumi type token of IngressController. */
  public static readonly __pulumiType = "tls-edge:edge:IngressController";

  /** Whether `obj` is an IngressController, also one made by another loaded copy of tls-edge. */
  public static override isInstance(obj: unknown): obj is IngressController {
    return hasPulumiType(obj, IngressController.__pulumiType);
  }

  public readonly controller: ControllerKind;
  public readonly namespace: string;
  public readonly ingressClassName: string;
  /** The controller's Service in `namespace` (the load balancer). */
  public readonly serviceName: string;
  public readonly mesh?: MeshJoin;
  /** Strategies `TlsIngress` can use on this controller. */
  public readonly tlsStrategies: readonly TlsStrategy[];
  /** The Secret served when no Ingress certificate matches the SNI. */
  public readonly defaultCertificateSecret: string;
  /** The pinned chart. */
  public readonly chart: ChartRef;
  /** The computed chart values. */
  public readonly values: pulumi.Output<Record<string, unknown>>;
  /** The Helm release; undefined with `installChart: false`. */
  public readonly release?: k8s.helm.v3.Release;
  /** The Gateway provider, when `gatewayApi` turned it on. */
  public readonly gateway?: ControllerGateway;

  constructor(name: string, args: IngressControllerArgs, opts?: pulumi.ComponentResourceOptions) {
    validateIngressControllerArgs(args);
    super(IngressController.__pulumiType, name, {}, opts);

    const controller = args.controller ?? "traefik";
    if (controller === "ingress-nginx") {
      void pulumi.log.warn(
        "ingress-nginx is retired: maintenance ended in March 2026 and it gets no more fixes; " +
          'prefer controller "traefik" or "haproxy", or a TlsGateway',
        this,
      );
    }
    this.controller = controller;
    this.namespace = args.namespace ?? controller;
    const facts = CONTROLLERS[controller];
    this.ingressClassName = ingressClassNameOf(args);
    this.serviceName = facts.serviceName;
    if (args.mesh) this.mesh = args.mesh;
    const sslPassthrough = args.sslPassthrough ?? false;
    this.tlsStrategies = supportedStrategies(controller, sslPassthrough);
    this.chart = facts.chart;
    const provider = GATEWAY_PROVIDERS[controller];
    if (args.gatewayApi && provider) this.gateway = { ...provider, crds: args.gatewayApi };

    const namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      { metadata: { name: this.namespace } },
      { parent: this },
    );

    const dc = args.defaultCertificate;
    this.defaultCertificateSecret = dc.secretName ?? `${name}-default-tls`;
    const certificate = dc.issuer
      ? new k8s.apiextensions.CustomResource(
          `${name}-default-certificate`,
          {
            apiVersion: "cert-manager.io/v1",
            kind: "Certificate",
            metadata: { name: `${name}-default`, namespace: this.namespace },
            spec: {
              secretName: this.defaultCertificateSecret,
              dnsNames: [...dc.dnsNames],
              issuerRef: dc.issuer.issuerRef,
              privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
            },
          },
          { parent: this, dependsOn: [namespace, dc.issuer.issuerResource] },
        )
      : undefined;

    const kind = args.kind ?? "Deployment";
    const daemonSet = kind === "DaemonSet";
    const hsts = args.tls?.hsts;
    const base: Omit<ControllerSettings, "replicas" | "podDisruptionBudget"> = {
      controller,
      releaseName: facts.releaseName,
      namespace: this.namespace,
      ingressClassName: this.ingressClassName,
      kind,
      antiAffinity: args.antiAffinity ?? (daemonSet ? "none" : "preferred"),
      zoneSpread: args.zoneSpread ?? false,
      ...(args.autoscaling
        ? {
            autoscaling: {
              min: args.autoscaling.min,
              max: args.autoscaling.max,
              targetCPU: args.autoscaling.targetCPU ?? 80,
            },
          }
        : {}),
      ...(args.resources || args.autoscaling
        ? { resources: args.resources ?? DEFAULT_AUTOSCALING_RESOURCES }
        : {}),
      gatewayApi: args.gatewayApi !== undefined,
      redirectToHttps: args.tls?.redirectToHttps ?? true,
      ...(hsts === false
        ? {}
        : {
            hsts: {
              maxAgeSeconds: hsts?.maxAgeSeconds ?? 31536000,
              includeSubDomains: hsts?.includeSubDomains ?? true,
            },
          }),
      tlsMinVersion: args.tls?.minVersion ?? "1.2",
      defaultCertificateSecret: this.defaultCertificateSecret,
      metrics: args.metrics ?? true,
      serviceMonitor: args.serviceMonitor ?? args.metrics ?? true,
      ...(args.mesh ? { mesh: args.mesh } : {}),
      sslPassthrough,
    };
    const mapper = VALUES_MAPPERS[controller];
    // replicas given as an Output: the same checks once it is known, before the values are.
    const checked = checkedWhenKnown(
      args,
      INGRESS_CONTROLLER_INPUTS,
      validateIngressControllerArgs,
    );
    const replicasInput = daemonSet || args.autoscaling ? undefined : (checked.replicas ?? 2);
    const values = pulumi.output(replicasInput).apply((replicas) => {
      const floor = args.autoscaling?.min ?? replicas ?? 0;
      const pdb =
        args.podDisruptionBudget ?? (!daemonSet && floor >= 2 ? { maxUnavailable: 1 } : undefined);
      return mapper({
        ...base,
        ...(replicas !== undefined ? { replicas } : {}),
        ...(pdb ? { podDisruptionBudget: { ...pdb } } : {}),
      });
    });
    this.values = pulumi.output(overriddenValues(values, args.chart)) as unknown as pulumi.Output<
      Record<string, unknown>
    >;

    if (args.installChart ?? true) {
      this.release = new k8s.helm.v3.Release(
        `${name}-release`,
        {
          name: facts.releaseName,
          ...releaseChart(this.chart, args.chart),
          namespace: this.namespace,
          createNamespace: false,
          values: this.values,
        },
        {
          parent: this,
          // The chart's GatewayClass and the provider need the Gateway API CRDs first.
          dependsOn: [
            namespace,
            ...(certificate ? [certificate] : []),
            ...(args.gatewayApi?.ready ?? []),
          ],
        },
      );
    }

    this.registerOutputs({
      controller: this.controller,
      namespace: this.namespace,
      ingressClassName: this.ingressClassName,
      serviceName: this.serviceName,
      mesh: this.mesh,
      tlsStrategies: this.tlsStrategies,
      defaultCertificateSecret: this.defaultCertificateSecret,
      chart: this.chart,
      values: this.values,
      release: this.release,
      gateway: this.gateway,
    });
  }
}
