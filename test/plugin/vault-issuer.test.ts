import { describe, it, before } from "node:test";
import { useMocks } from "../helpers/mocks";
import { assertRefused, assertTwins } from "./twins";

const engine = useMocks();

describe("plugin VaultIssuer", () => {
  let plugin: typeof import("../../plugin/index.js");
  let lib: typeof import("../../components/index.js");
  before(async () => {
    plugin = await import("../../plugin/index.js");
    lib = await import("../../components/index.js");
  });

  it("registers what the library's VaultIssuer does, the AppRole secret ID still secret", async () => {
    const pulumi = await import("@pulumi/pulumi");
    const args = () => ({
      server: "https://vault.example.com:8200",
      path: "pki_int/sign/example-dot-com",
      namespace: "team-a",
      auth: { appRole: { roleId: "role", secretId: pulumi.secret("offline placeholder secret") } },
    });
    await assertTwins(
      engine,
      () => new plugin.VaultIssuer("vault", args()),
      () => new lib.VaultIssuer("vault", args()),
    );
  });

  it("registers the ServiceAccount and RBAC of a Kubernetes login as the library does", async () => {
    const args = {
      server: "https://vault.example.com:8200",
      path: "pki/sign/shop",
      auth: {
        kubernetes: {
          role: "issuer",
          serviceAccountRef: { name: "vault-issuer", audiences: ["a"] },
        },
      },
    };
    await assertTwins(
      engine,
      () => new plugin.VaultIssuer("vault-k8s", args),
      () => new lib.VaultIssuer("vault-k8s", args),
    );
  });

  it("refuses two login methods before anything is registered", async () => {
    await assertRefused(
      engine,
      () =>
        new plugin.VaultIssuer("bad", {
          server: "https://vault.example.com:8200",
          path: "pki/sign/shop",
          auth: { token: "t", appRole: { roleId: "r", secretId: "s" } },
        }),
      /VaultIssuerArgs\.auth: sets token and appRole/,
    );
  });
});
