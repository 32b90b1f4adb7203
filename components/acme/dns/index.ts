export * from "./provider";
export * from "./challtestsrv";
export * from "./route53";
export * from "./cloudflare";
export * from "./settings";
