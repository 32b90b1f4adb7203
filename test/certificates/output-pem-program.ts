/**
 * A program run in its own process by tls-secret-outputs.test.ts: a TlsSecret whose PEM values
 * are Outputs, read from the files named by TLS_EDGE_CERT and TLS_EDGE_KEY. On exit it prints
 * the recorded resource types and whether `checkAll` passed as JSON, so the test can see what reached the engine.
 */
import { readFileSync } from "node:fs";
import { checkAll, useMocks } from "../helpers/mocks";

const engine = useMocks({ preview: false });
let checked = false;
process.on("exit", () => {
  const types = engine.resources.map((r) => r.type);
  process.stdout.write(`${JSON.stringify({ types, checked })}\n`);
});

async function main(): Promise<void> {
  const pulumi = await import("@pulumi/pulumi");
  const { TlsSecret } = await import("../../components/certificates/index.js");
  new TlsSecret("late", {
    certificatePem: pulumi.output(readFileSync(process.env["TLS_EDGE_CERT"]!, "utf8")),
    privateKeyPem: pulumi.secret(readFileSync(process.env["TLS_EDGE_KEY"]!, "utf8")),
    secretName: "late-tls",
    namespace: "shop",
  });
  await checkAll(engine);
  checked = true;
}

void main();
