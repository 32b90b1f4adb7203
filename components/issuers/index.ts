export * from "./issuer-ref";
