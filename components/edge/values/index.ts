import type { ControllerKind } from "../../known";
import type { ValuesMapper } from "./common";
import { haproxyValues } from "./haproxy";
import { ingressNginxValues } from "./ingress-nginx";
import { traefikValues } from "./traefik";

export * from "./common";
export { traefikValues, TRAEFIK_CONTAINER_PORTS } from "./traefik";
export { haproxyValues, HAPROXY_CONTAINER_PORTS } from "./haproxy";
export { ingressNginxValues, INGRESS_NGINX_CONTAINER_PORTS } from "./ingress-nginx";

/** One values mapper per controller chart. */
export const VALUES_MAPPERS: Readonly<Record<ControllerKind, ValuesMapper>> = {
  traefik: traefikValues,
  haproxy: haproxyValues,
  "ingress-nginx": ingressNginxValues,
};
