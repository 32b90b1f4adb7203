/**
 * The components as a Pulumi plugin package (PulumiPlugin.yaml at the package root): what
 * `pulumi package add` offers other languages. Pulumi infers the schema from these classes'
 * argument and output types, which it reads from the TypeScript sources (./provider.ts adds the
 * secrets). `main` in package.json points to ./host.ts, which serves them, since Pulumi loads a
 * plugin from its folder, while TypeScript users import the components through `exports`.
 */
export { AcmeIssuer, type AcmeIssuerArgs } from "./acme-issuer";
export { CertManager, type CertManagerArgs } from "./cert-manager";
export { Certificate, type CertificateArgs, type IssuerRefArgs } from "./certificate";
export { CertificateAlerts, type CertificateAlertsArgs } from "./certificate-alerts";
export { CloudflareDns01, type CloudflareDns01Args } from "./cloudflare-dns01";
export { GatewayApiCrds, type GatewayApiCrdsArgs } from "./gateway-api-crds";
export { IngressController, type IngressControllerArgs } from "./ingress-controller";
export { InternalCa, type InternalCaArgs } from "./internal-ca";
export { MeshMtls, type MeshMtlsArgs, type MeshNamespaceArgs } from "./mesh-mtls";
export { Rfc2136Dns01, type Rfc2136Dns01Args } from "./rfc2136-dns01";
export { Route53Dns01, type Route53Dns01Args } from "./route53-dns01";
export { SelfSignedIssuer, type SelfSignedIssuerArgs } from "./self-signed-issuer";
export { TlsGateway, type TlsGatewayArgs, type TlsGatewayPorts } from "./tls-gateway";
export {
  TlsIngress,
  type TlsIngressArgs,
  type TlsIngressBackendArgs,
  type TlsIngressSecretArgs,
} from "./tls-ingress";
export { TlsSecret, type TlsSecretArgs } from "./tls-secret";
export { VaultIssuer, type VaultIssuerArgs } from "./vault-issuer";
export { VenafiIssuer, type VenafiIssuerArgs } from "./venafi-issuer";
