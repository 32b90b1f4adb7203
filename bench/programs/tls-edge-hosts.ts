// tls-edge: N hosts, each a Certificate and a TlsIngress on one IngressController.
import { Certificate, IngressController, TlsIngress } from "../../components";

export function tlsEdgeHosts(count: number): void {
  const issuer = { name: "internal-ca", kind: "ClusterIssuer" as const };
  const edge = new IngressController("edge", {
    controller: "traefik",
    installChart: false,
    replicas: 2,
    defaultCertificate: { secretName: "edge-default-tls" },
  });
  for (let i = 0; i < count; i += 1) {
    const host = `app-${i}.example.com`;
    const cert = new Certificate(`app-${i}`, {
      namespace: "apps",
      dnsNames: [host],
      secretName: `app-${i}-tls`,
      issuer,
    });
    new TlsIngress(
      `app-${i}`,
      {
        via: edge,
        namespace: "apps",
        hosts: [host],
        backend: { service: `app-${i}`, port: 8080 },
        certificate: { secretName: `app-${i}-tls`, dnsNames: [host] },
      },
      { dependsOn: [cert] },
    );
  }
}
