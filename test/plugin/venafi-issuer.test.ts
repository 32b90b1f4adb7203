import { describe, it, before } from "node:test";
import { useMocks } from "../helpers/mocks";
import { assertRefused, assertTwins } from "./twins";

const engine = useMocks();

describe("plugin VenafiIssuer", () => {
  let plugin: typeof import("../../plugin/index.js");
  let lib: typeof import("../../components/index.js");
  before(async () => {
    plugin = await import("../../plugin/index.js");
    lib = await import("../../components/index.js");
  });

  it("registers what the library's VenafiIssuer does, the API key still secret", async () => {
    const pulumi = await import("@pulumi/pulumi");
    const args = () => ({
      zone: "Default\\shop",
      cloud: { apiToken: pulumi.secret("offline placeholder token") },
    });
    await assertTwins(
      engine,
      () => new plugin.VenafiIssuer("venafi", args()),
      () => new lib.VenafiIssuer("venafi", args()),
    );
  });

  it("registers a TPP issuer with an access token as the library does", async () => {
    const args = {
      zone: "TLS\\Certificates\\shop",
      namespace: "shop",
      tpp: { url: "https://tpp.example.com/vedsdk", accessToken: "offline placeholder token" },
    };
    await assertTwins(
      engine,
      () => new plugin.VenafiIssuer("venafi-tpp", args),
      () => new lib.VenafiIssuer("venafi-tpp", args),
    );
  });

  it("refuses TPP and Cloud together before anything is registered", async () => {
    await assertRefused(
      engine,
      () =>
        new plugin.VenafiIssuer("bad", {
          zone: "z",
          tpp: { url: "https://tpp.example.com/vedsdk", accessToken: "t" },
          cloud: { apiToken: "k" },
        }),
      /VenafiIssuerArgs\.tpp: is set together with cloud/,
    );
  });
});
