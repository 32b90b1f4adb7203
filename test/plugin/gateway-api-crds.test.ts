import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks } from "../helpers/mocks";
import { assertRefused, assertTwins } from "./twins";

const engine = useMocks();

describe("plugin GatewayApiCrds", () => {
  let plugin: typeof import("../../plugin/index.js");
  let lib: typeof import("../../components/index.js");
  before(async () => {
    plugin = await import("../../plugin/index.js");
    lib = await import("../../components/index.js");
  });

  it("registers what the library's GatewayApiCrds does, its files a plain list", async () => {
    let crds: InstanceType<typeof plugin.GatewayApiCrds> | undefined;
    await assertTwins(
      engine,
      () => (crds = new plugin.GatewayApiCrds("gateway-api")),
      () => new lib.GatewayApiCrds("gateway-api"),
    );
    assert.equal(crds?.source, lib.GATEWAY_API.standardInstall);
    assert.deepEqual(crds?.files, [lib.GATEWAY_API.standardInstall]);
    assert.ok(Array.isArray(crds?.files));
  });

  it("refuses a plain-http source before anything is registered", async () => {
    await assertRefused(
      engine,
      () => new plugin.GatewayApiCrds("bad", { source: "http://example.com/crds.yaml" }),
      /GatewayApiCrdsArgs\.source: "http:\/\/example\.com\/crds\.yaml" is not an https URL/,
    );
  });

  it("refuses a relative path, which the plugin's process would read from its own folder", async () => {
    await assertRefused(
      engine,
      () => new plugin.GatewayApiCrds("relative", { source: "crds/standard-install.yaml" }),
      'GatewayApiCrdsArgs.source: "crds/standard-install.yaml" is a relative path, which the ' +
        "plugin would read from its own folder, not your program's; give a URL or an absolute path",
    );
  });
});
