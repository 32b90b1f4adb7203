/** Edge: ingress controllers, Gateway API and TLS strategies. */
export { IngressController } from "./ingress-controller";
export {
  ingressClassNameOf,
  validateIngressControllerArgs,
  type AutoscalingArgs,
  type ControllerTlsArgs,
  type DefaultCertificateArgs,
  type DisruptionBudgetArgs,
  type IngressControllerArgs,
} from "./ingress-controller-args";
export {
  RouteNamespaces,
  TlsGateway,
  validateTlsGatewayArgs,
  type TlsGatewayArgs,
} from "./tls-gateway";
export { TlsIngress } from "./tls-ingress";
export {
  validateTlsIngressArgs,
  type BackendTlsArgs,
  type TlsIngressArgs,
  type TlsIngressCertificateArgs,
  type TlsIngressPathArgs,
} from "./tls-ingress-args";
export { TlsStrategy, supportedStrategies, strategyAnnotations } from "./strategies";
export {
  AntiAffinity,
  TlsMinVersion,
  VALUES_MAPPERS,
  WorkloadKind,
  haproxyValues,
  ingressNginxValues,
  traefikValues,
  type ControllerSettings,
  type ValuesMapper,
} from "./values";
