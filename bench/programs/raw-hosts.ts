// Baseline: the same Kubernetes objects a tls-edge host makes, registered as raw
// @pulumi/kubernetes resources by a plain program.
import * as k8s from "@pulumi/kubernetes";

export function rawHosts(count: number): void {
  for (let i = 0; i < count; i += 1) {
    const host = `app-${i}.example.com`;
    const secretName = `app-${i}-tls`;
    new k8s.apiextensions.CustomResource(`app-${i}-cert`, {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: `app-${i}`, namespace: "apps" },
      spec: {
        secretName,
        dnsNames: [host],
        issuerRef: { name: "internal-ca", kind: "ClusterIssuer", group: "cert-manager.io" },
        duration: "2160h",
        renewBefore: "720h",
        privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
      },
    });
    new k8s.networking.v1.Ingress(`app-${i}-ingress`, {
      metadata: { name: `app-${i}`, namespace: "apps" },
      spec: {
        ingressClassName: "traefik",
        tls: [{ hosts: [host], secretName }],
        rules: [
          {
            host,
            http: {
              paths: [
                {
                  path: "/",
                  pathType: "Prefix",
                  backend: { service: { name: `app-${i}`, port: { number: 8080 } } },
                },
              ],
            },
          },
        ],
      },
    });
  }
}
