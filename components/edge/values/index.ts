import type { ControllerKind } from "../../known";
import type { GatewayProvider, ValuesMapper } from "./common";
import { haproxyValues } from "./haproxy";
import { ingressNginxValues } from "./ingress-nginx";
import { TRAEFIK_GATEWAY_PROVIDER, traefikValues } from "./traefik";

export {
  AntiAffinity,
  TlsMinVersion,
  WorkloadKind,
  type ContainerResources,
  type ControllerSettings,
  type GatewayProvider,
  type ValuesMapper,
} from "./common";
export {
  traefikValues,
  TRAEFIK_CONTAINER_PORTS,
  TRAEFIK_ENTRYPOINT_PORTS,
  TRAEFIK_GATEWAY_CLASS,
  TRAEFIK_GATEWAY_PROVIDER,
} from "./traefik";
export { haproxyValues, HAPROXY_CONTAINER_PORTS } from "./haproxy";
export { ingressNginxValues, INGRESS_NGINX_CONTAINER_PORTS } from "./ingress-nginx";

/** One values mapper per controller chart. */
export const VALUES_MAPPERS: Readonly<Record<ControllerKind, ValuesMapper>> = {
  traefik: traefikValues,
  haproxy: haproxyValues,
  "ingress-nginx": ingressNginxValues,
};

/** Controllers whose chart runs a Gateway API provider that tls-edge turns on. */
export const GATEWAY_PROVIDERS: Readonly<Partial<Record<ControllerKind, GatewayProvider>>> = {
  traefik: TRAEFIK_GATEWAY_PROVIDER,
};
