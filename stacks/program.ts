/**
 * The composition of the components that the stacks deploy, from a validated configuration.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  AcmeIssuer,
  CertManager,
  CertificateAlerts,
  CloudflareDns01,
  GatewayApiCrds,
  IngressController,
  InternalCa,
  MeshMtls,
  Route53Dns01,
  TlsGateway,
  TlsIngress,
  ingressClassNameOf,
  type CertificateIssuer,
  type Dns01SolverProvider,
  type IngressControllerArgs,
} from "../components";
import { ACME_DIRECTORIES } from "../components/known";
import { sameAcmeDirectory } from "../components/lib/acme-url";
import { PROJECT, type Dns01Config, type ExternalNamespace, type StackConfig } from "./config";

/** Orders a component, and every object it creates, after these resources. */
function after(...resources: pulumi.Resource[]): pulumi.ResourceTransformation {
  return ({ props, opts }) => ({
    props,
    opts: pulumi.mergeOptions(opts, { dependsOn: resources }),
  });
}

/**
 * A namespace another system owns (Istio's root namespace, the monitoring stack's), read instead
 * of created. The Kubernetes provider answers a read of a missing object with no state
 * (`deleteResponse` on a 404 in its provider.go `Read`), and the engine then fails the preview
 * with "resource '<namespace>' does not exist" (pkg/resource/deploy/step.go, `ReadStep`) against
 * this resource, whose name is the config key to fix.
 */
function externalNamespace(ns: ExternalNamespace): k8s.core.v1.Namespace {
  return k8s.core.v1.Namespace.get(`${PROJECT}:${ns.key}=${ns.name}`, ns.name);
}

function dns01Provider(d: Dns01Config, index: number): Route53Dns01 | CloudflareDns01 {
  const name = `${d.provider}-${d.zones[0] ?? index}`.replace(/\./g, "-");
  if (d.provider === "cloudflare") {
    return new CloudflareDns01(name, { dnsZones: d.zones, zoneIds: d.zoneIds });
  }
  const credentials =
    d.mode === "irsa"
      ? { mode: "irsa" as const, oidcProviderArn: d.oidcProviderArn! }
      : d.mode === "podIdentity"
        ? { mode: "podIdentity" as const, clusterName: d.clusterName! }
        : d.mode === "assumeRole"
          ? { mode: "assumeRole" as const, roleArn: d.roleArn! }
          : { mode: "accessKey" as const };
  return new Route53Dns01(name, {
    dnsZones: d.zones,
    hostedZoneIds: d.hostedZoneIds,
    region: d.region,
    credentials,
  } as ConstructorParameters<typeof Route53Dns01>[1]);
}

export function program(config: StackConfig): Record<string, unknown> {
  const solvers = (config.issuer.acme?.dns01 ?? []).map(dns01Provider);
  const irsa = solvers.find(
    (s): s is Route53Dns01 =>
      s instanceof Route53Dns01 && s.serviceAccountAnnotations !== undefined,
  );
  // Traefik cannot pass TLS through on an Ingress: passthrough apps go through a Gateway.
  const passthrough = config.apps.filter((a) => a.strategy === "passthrough");
  const traefikGateway = passthrough.length > 0 && config.controller.kind === "traefik";
  // One install of the Gateway API CRDs, before cert-manager, Traefik's provider and Gateways.
  const gatewayApi =
    traefikGateway || config.certManager.gatewayApi
      ? new GatewayApiCrds("gateway-api", { source: config.gatewayApi.crds })
      : undefined;
  const certManager = new CertManager("cert-manager", {
    installChart: config.installCharts,
    replicas: config.certManager.replicas,
    gatewayApi: config.certManager.gatewayApi,
    ...(config.certManager.gatewayApi && gatewayApi ? { gatewayApiCrds: gatewayApi } : {}),
    // With monitoring on, the charts make the ServiceMonitors (CertificateAlerts makes none):
    // one per target. Off, none: a cluster without the Prometheus Operator CRDs installs.
    serviceMonitor: config.monitoring.enabled,
    ...(irsa ? { serviceAccountAnnotations: irsa.serviceAccountAnnotations } : {}),
  });

  const defaultHosts = config.controller.defaultHosts.length
    ? config.controller.defaultHosts
    : [`edge.${config.stack}.tls-edge.localhost`];
  // The controller's args come first: the HTTP-01 solver must use the IngressClass the
  // controller's chart creates, and the controller's default certificate needs the issuer.
  const controllerArgs = {
    controller: config.controller.kind,
    installChart: config.installCharts,
    ...(config.controller.autoscaling ? {} : { replicas: config.controller.replicas }),
    antiAffinity: config.controller.antiAffinity,
    nodes: config.nodes,
    zoneSpread: config.controller.zoneSpread,
    ...(config.controller.pdbMinAvailable !== undefined
      ? { podDisruptionBudget: { minAvailable: config.controller.pdbMinAvailable } }
      : {}),
    ...(config.controller.autoscaling
      ? {
          autoscaling: {
            min: config.controller.autoscaling.min,
            max: config.controller.autoscaling.max,
            targetCPU: config.controller.autoscaling.targetCpu,
          },
        }
      : {}),
    serviceMonitor: config.monitoring.enabled,
    sslPassthrough: config.controller.kind === "ingress-nginx",
    ...(traefikGateway && gatewayApi ? { gatewayApi } : {}),
    ...(config.mesh !== "off" ? { mesh: { provider: "istio" as const } } : {}),
  } satisfies Omit<IngressControllerArgs, "defaultCertificate">;

  let issuer: CertificateIssuer;
  let internalCa: InternalCa | undefined;
  let stagingTwin: string | undefined;
  if (config.issuer.type === "acme" && config.issuer.acme) {
    const acme = config.issuer.acme;
    const le = new AcmeIssuer(
      acme.environment === "production" ? "letsencrypt" : "letsencrypt-staging",
      {
        // The Let's Encrypt directories go by environment, so production gets its staging twin.
        ...(sameAcmeDirectory(acme.server, ACME_DIRECTORIES.letsencryptProduction) ||
        sameAcmeDirectory(acme.server, ACME_DIRECTORIES.letsencryptStaging)
          ? { environment: acme.environment }
          : { server: acme.server }),
        ...(acme.email ? { email: acme.email } : {}),
        dns01: solvers as Dns01SolverProvider[],
        ...(acme.http01
          ? { http01: { ingressClassName: ingressClassNameOf(controllerArgs) } }
          : {}),
        certManager,
      },
    );
    issuer = le;
    stagingTwin = le.stagingTwin?.issuerName;
  } else {
    issuer = internalCa = new InternalCa("internal-ca", {
      certManager,
      subject: { commonName: `tls-edge ${config.stack} internal root` },
    });
  }
  // Backends of reencrypt apps get their certificates from an internal CA (its ClusterIssuer),
  // and the controller verifies them against that CA's certificate.
  const backendCa = config.apps.some((a) => a.strategy === "reencrypt")
    ? (internalCa ??
      new InternalCa("backend-ca", {
        certManager,
        subject: { commonName: `tls-edge ${config.stack} backend root` },
      }))
    : undefined;

  const edge = new IngressController("edge", {
    ...controllerArgs,
    defaultCertificate: { issuer, dnsNames: defaultHosts },
  });

  const gateway = traefikGateway
    ? new TlsGateway("passthrough", {
        controller: edge,
        namespace: edge.namespace,
        passthroughHosts: passthrough.flatMap((a) => a.hosts),
        httpRedirect: false,
        allowedRoutes: "All",
      })
    : undefined;

  // The stack owns its apps' namespaces: one Namespace each, shared by apps that share one
  // (MeshMtls creates them, labelled for injection, when the mesh is on). The controller's and
  // cert-manager's namespaces stay with their components.
  const owners = new Map<string, pulumi.Resource>([
    [edge.namespace, edge],
    [certManager.namespace, certManager],
  ]);
  const appNamespaces = [...new Set(config.apps.map((a) => a.namespace))].filter(
    (ns) => !owners.has(ns),
  );
  if (config.mesh !== "off") {
    const root = externalNamespace({ key: "mesh.rootNamespace", name: config.meshRootNamespace });
    const mesh = new MeshMtls(
      "mesh",
      {
        provider: "istio",
        mode: config.mesh,
        rootNamespace: config.meshRootNamespace,
        ingressController: edge,
        namespaces: appNamespaces.map((name) => ({ name })),
      },
      { transformations: [after(root)] },
    );
    for (const ns of appNamespaces) owners.set(ns, mesh);
  } else {
    for (const ns of appNamespaces) {
      owners.set(ns, new k8s.core.v1.Namespace(`${ns}-namespace`, { metadata: { name: ns } }));
    }
  }

  for (const app of config.apps) {
    const via = app.strategy === "passthrough" && gateway ? gateway : edge;
    const inNamespace = { transformations: [after(owners.get(app.namespace)!)] };
    new TlsIngress(
      app.name,
      {
        via,
        namespace: app.namespace,
        hosts: app.hosts,
        backend: { service: app.service.name, port: app.service.port },
        strategy: app.strategy,
        ...(app.strategy === "passthrough" ? {} : { certificate: { issuer } }),
        ...(app.strategy === "reencrypt" && backendCa
          ? { backendTls: { caBundle: { pem: backendCa.caCertPem } } }
          : {}),
      },
      inNamespace,
    );
  }

  if (config.monitoring.enabled) {
    const monitoring = externalNamespace({
      key: "monitoring.namespace",
      name: config.monitoring.namespace,
    });
    new CertificateAlerts(
      "certificate-alerts",
      {
        namespace: config.monitoring.namespace,
        certManagerNamespace: certManager.namespace,
        ingressController: edge,
        expiryWarningDays: config.monitoring.expiryWarningDays,
        // The charts make the ServiceMonitors when monitoring is on: one per target.
        certManagerServiceMonitor: false,
        controllerServiceMonitor: false,
      },
      // Its monitors go to cert-manager's and the controller's namespaces.
      { transformations: [after(monitoring, certManager, edge)] },
    );
  }

  return {
    environment: config.environment,
    issuer: issuer.issuerName,
    ...(stagingTwin ? { stagingTwin } : {}),
    ingressClassName: edge.ingressClassName,
    hosts: config.apps.flatMap((a) => a.hosts),
  };
}
