/**
 * The composition of the components that the stacks deploy, from a validated configuration.
 */
import { readFileSync } from "node:fs";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  AcmeIssuer,
  CertManager,
  CertificateAlerts,
  GatewayApiCrds,
  IngressController,
  InternalCa,
  MeshMtls,
  Route53Dns01,
  TlsGateway,
  TlsIngress,
  ingressClassNameOf,
  type CertificateIssuer,
  type IngressControllerArgs,
} from "../components";
import { ACME_DIRECTORIES } from "../components/known";
import { sameAcmeDirectory } from "../components/lib/acme-url";
import { PROJECT, type ExternalNamespace, type StackConfig } from "./config";
import { dns01Provider } from "./dns01";
import { fromConfig } from "./from-config";

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

/** `issuer.acme.caBundleFile`: a PEM file (relative to the project folder), as base64. */
function caBundleFromFile(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, "utf8");
  } catch (err) {
    const code = err instanceof Error && "code" in err ? err.code : undefined;
    throw new Error(
      `${PROJECT}:issuer.acme.caBundleFile: cannot read ${JSON.stringify(file)} (${typeof code === "string" ? code : String(err)}); give the path of the ACME server's CA certificates in PEM, relative to the project folder`,
      { cause: err },
    );
  }
  return Buffer.from(pem).toString("base64");
}

export function program(config: StackConfig): Record<string, unknown> {
  const solvers = (config.issuer.acme?.dns01 ?? []).map((d, i) => dns01Provider(d, i, config));
  const irsa = solvers.find(
    (s): s is Route53Dns01 =>
      Route53Dns01.isInstance(s) && s.serviceAccountAnnotations !== undefined,
  );
  // Traefik cannot pass TLS through on an Ingress: passthrough apps go through a Gateway.
  const passthrough = config.apps.filter((a) => a.strategy === "passthrough");
  const traefikGateway = passthrough.length > 0 && config.controller.kind === "traefik";
  // One install of the Gateway API CRDs, before cert-manager, Traefik's provider and Gateways.
  const gatewayApi =
    traefikGateway || config.certManager.gatewayApi
      ? fromConfig(
          "GatewayApiCrdsArgs",
          { source: "gatewayApi.crds" },
          () => new GatewayApiCrds("gateway-api", { source: config.gatewayApi.crds }),
        )
      : undefined;
  const certManager = fromConfig(
    "CertManagerArgs",
    {
      replicas: "certManager.replicas",
      webhookReplicas: "certManager.replicas",
      cainjectorReplicas: "certManager.replicas",
      gatewayApi: "certManager.gatewayApi",
      gatewayApiCrds: "certManager.gatewayApi",
      serviceMonitor: "monitoring.enabled",
      chart: "certManager.chart",
    },
    () =>
      new CertManager("cert-manager", {
        installChart: config.installCharts,
        replicas: config.certManager.replicas,
        gatewayApi: config.certManager.gatewayApi,
        ...(config.certManager.gatewayApi && gatewayApi ? { gatewayApiCrds: gatewayApi } : {}),
        // With monitoring on, the charts make the ServiceMonitors (CertificateAlerts makes
        // none): one per target. Off, none: a cluster without the Prometheus Operator CRDs
        // installs.
        serviceMonitor: config.monitoring.enabled,
        ...(irsa ? { serviceAccountAnnotations: irsa.serviceAccountAnnotations } : {}),
        ...(config.certManager.chart ? { chart: config.certManager.chart } : {}),
      }),
  );

  const defaultHosts = config.controller.defaultHosts.length
    ? config.controller.defaultHosts
    : [`edge.${config.stack}.tls-edge.localhost`];
  // The controller's args come first: the HTTP-01 solver must use the IngressClass the
  // controller's chart creates, and the controller's default certificate needs the issuer.
  const controllerArgs = {
    controller: config.controller.kind,
    installChart: config.installCharts,
    ...(config.controller.chart ? { chart: config.controller.chart } : {}),
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
    const acmeKeys = {
      environment: "issuer.acme.environment",
      server: "issuer.acme.server",
      stagingServer: "issuer.acme.stagingServer",
      caBundle: acme.caBundleFile ? "issuer.acme.caBundleFile" : "issuer.acme.caBundle",
      email: "issuer.acme.email",
      dns01: "issuer.acme.dns01",
      http01: "issuer.acme.http01",
      stagingTwin: "issuer.acme.environment",
      externalAccountBinding: "issuer.acme.server",
    };
    // The Let's Encrypt directories go by environment, so production gets its staging twin.
    const letsEncrypt =
      sameAcmeDirectory(acme.server, ACME_DIRECTORIES.letsencryptProduction) ||
      sameAcmeDirectory(acme.server, ACME_DIRECTORIES.letsencryptStaging);
    const issuerName = letsEncrypt
      ? acme.environment === "production"
        ? "letsencrypt"
        : "letsencrypt-staging"
      : "acme";
    const caBundle = acme.caBundleFile ? caBundleFromFile(acme.caBundleFile) : acme.caBundle;
    const le = fromConfig(
      "AcmeIssuerArgs",
      acmeKeys,
      () =>
        new AcmeIssuer(issuerName, {
          ...(letsEncrypt ? { environment: acme.environment } : { server: acme.server }),
          ...(acme.stagingServer ? { stagingServer: acme.stagingServer } : {}),
          ...(caBundle ? { caBundle } : {}),
          ...(acme.email ? { email: acme.email } : {}),
          dns01: solvers,
          ...(acme.http01
            ? { http01: { ingressClassName: ingressClassNameOf(controllerArgs) } }
            : {}),
          certManager,
        }),
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

  const edge = fromConfig(
    "IngressControllerArgs",
    {
      controller: "controller.kind",
      replicas: "controller.replicas",
      antiAffinity: "controller.antiAffinity",
      nodes: "nodes",
      zoneSpread: "controller.zoneSpread",
      podDisruptionBudget: "controller.pdbMinAvailable",
      "podDisruptionBudget.minAvailable": "controller.pdbMinAvailable",
      autoscaling: "controller.autoscaling",
      "autoscaling.targetCPU": "controller.autoscaling.targetCpu",
      "resources.requests.cpu": "controller.autoscaling",
      serviceMonitor: "monitoring.enabled",
      sslPassthrough: "controller.kind",
      gatewayApi: "controller.kind",
      mesh: "mesh",
      chart: "controller.chart",
      ...(config.controller.defaultHosts.length
        ? { "defaultCertificate.dnsNames": "controller.defaultHosts" }
        : {}),
    },
    () =>
      new IngressController("edge", {
        ...controllerArgs,
        defaultCertificate: { issuer, dnsNames: defaultHosts },
      }),
  );

  // Each passthrough host on the Gateway, and the app host it came from.
  const passthroughKeys = Object.fromEntries(
    passthrough
      .flatMap((a) => a.hosts.map((_, j) => `apps[${config.apps.indexOf(a)}].hosts[${j}]`))
      .map((key, k) => [`passthroughHosts[${k}]`, key]),
  );
  const gateway = traefikGateway
    ? fromConfig(
        "TlsGatewayArgs",
        passthroughKeys,
        () =>
          new TlsGateway("passthrough", {
            controller: edge,
            namespace: edge.namespace,
            passthroughHosts: passthrough.flatMap((a) => a.hosts),
            httpRedirect: false,
            allowedRoutes: "All",
          }),
      )
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
    const mode = config.mesh;
    const root = externalNamespace({ key: "mesh.rootNamespace", name: config.meshRootNamespace });
    const mesh = fromConfig(
      "MeshMtlsArgs",
      {
        mode: "mesh",
        rootNamespace: "mesh.rootNamespace",
        ...Object.fromEntries(
          appNamespaces.map((ns, j) => [
            `namespaces[${j}]`,
            `apps[${config.apps.findIndex((a) => a.namespace === ns)}].namespace`,
          ]),
        ),
      },
      () =>
        new MeshMtls(
          "mesh",
          {
            provider: "istio",
            mode,
            rootNamespace: config.meshRootNamespace,
            ingressController: edge,
            namespaces: appNamespaces.map((name) => ({ name })),
          },
          { transformations: [after(root)] },
        ),
    );
    for (const ns of appNamespaces) owners.set(ns, mesh);
  } else {
    for (const ns of appNamespaces) {
      owners.set(ns, new k8s.core.v1.Namespace(`${ns}-namespace`, { metadata: { name: ns } }));
    }
  }

  config.apps.forEach((app, i) => {
    const via = app.strategy === "passthrough" && gateway ? gateway : edge;
    const at = `apps[${i}]`;
    // Every app namespace has an owner from above: the controller, cert-manager, MeshMtls or its own.
    const owner = owners.get(app.namespace);
    if (!owner) throw new Error(`namespace "${app.namespace}" of ${at} has no owner`);
    const inNamespace = { transformations: [after(owner)] };
    const keys = {
      namespace: `${at}.namespace`,
      hosts: `${at}.hosts`,
      backend: `${at}.service`,
      "backend.service": `${at}.service.name`,
      "backend.port": `${at}.service.port`,
      strategy: `${at}.strategy`,
      backendTls: `${at}.strategy`,
    };
    fromConfig(
      "TlsIngressArgs",
      keys,
      () =>
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
        ),
    );
  });

  if (config.monitoring.enabled) {
    const monitoring = externalNamespace({
      key: "monitoring.namespace",
      name: config.monitoring.namespace,
    });
    fromConfig(
      "CertificateAlertsArgs",
      {
        namespace: "monitoring.namespace",
        expiryWarningDays: "monitoring.expiryWarningDays",
      },
      () =>
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
        ),
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
