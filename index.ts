export * from "./plugin";
