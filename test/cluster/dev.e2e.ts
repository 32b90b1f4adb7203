/**
 * `pulumi up -s dev` onto the real-cluster lane (test/cluster/stack-suite.ts): the internal CA
 * issues every certificate, so each one chains to the CA the TLS provider made, and each
 * Secret's ca.crt is that CA. Once it is up, the plugin package's YAML program deploys next to it.
 */
import { X509Certificate } from "node:crypto";
import { stackSuite } from "./stack-suite";

stackSuite({
  stack: "dev",
  nodes: 1,
  pluginProgram: true,
  async prepare(plane) {
    return {
      caCrt: true,
      zone: "dev.tls-edge.localhost",
      async roots() {
        const secret = await plane.client.get(
          "/api/v1/namespaces/cert-manager/secrets/internal-ca-ca",
        );
        return [new X509Certificate(Buffer.from(secret["data"]["tls.crt"], "base64"))];
      },
      async stop() {},
    };
  },
});
