export { MeshProvider, MtlsMode, PortMtlsMode } from "./types";
export type { MeshJoin, MeshIngressController } from "./types";
export { validateMeshMtlsArgs } from "./mesh-mtls-args";
export type { MeshMtlsArgs, MeshNamespaceArgs } from "./mesh-mtls-args";
export { MeshMtls } from "./mesh-mtls";
