/** Edge: ingress controllers, Gateway API and TLS strategies. */
export {
  GatewayApiCrds,
  gatewayApiCrdFiles,
  validateGatewayApiCrdsArgs,
  type GatewayApiCrdsArgs,
} from "./gateway-api-crds";
export { IngressController, type ControllerGateway } from "./ingress-controller";
export { DEFAULT_AUTOSCALING_RESOURCES } from "./resources";
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
  GATEWAY_PROVIDERS,
  TlsMinVersion,
  VALUES_MAPPERS,
  WorkloadKind,
  haproxyValues,
  ingressNginxValues,
  traefikValues,
  type ContainerResources,
  type ControllerSettings,
  type GatewayProvider,
  type ValuesMapper,
} from "./values";
