/**
 * tls-edge components: the public API. Named exports only; importing creates nothing.
 */
export * from "./known";
export * from "./cert-manager";
export * from "./issuers";
export * from "./dns01";
export * from "./certificates";
export * from "./edge";
export * from "./mesh";
export * from "./monitoring";
export * from "./acme";
