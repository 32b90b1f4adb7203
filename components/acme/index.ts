export * from "./dns";
export * from "./options";
export * from "./verify";
export * from "./rehearsal";
export * from "./acme-rehearsal";
