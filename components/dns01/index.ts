export * from "./solver";
