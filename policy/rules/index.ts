/** Every rule of the pack, in the order they are reported. */
import type { Policies } from "@pulumi/policy";
import { certificates } from "./certificates";
import { dns01LeastPrivilege } from "./dns01-least-privilege";
import { gatewayHttpsRedirect } from "./gateway-https-redirect";
import { highAvailability } from "./high-availability";
import { mesh } from "./mesh";
import { secretReaders } from "./secret-readers";
import { secrets } from "./secrets";
import { stagingFirst } from "./staging-first";
import { tlsRequired } from "./tls-required";

export {
  certificates,
  dns01LeastPrivilege,
  gatewayHttpsRedirect,
  highAvailability,
  mesh,
  secretReaders,
  secrets,
  stagingFirst,
  tlsRequired,
};
export { CLOUDFLARE_DNS01_PERMISSION_GROUPS } from "./dns01-least-privilege";

export const rules: Policies = [
  stagingFirst,
  tlsRequired,
  gatewayHttpsRedirect,
  certificates,
  secrets,
  secretReaders,
  highAvailability,
  mesh,
  dns01LeastPrivilege,
];
