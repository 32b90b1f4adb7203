/**
 * The plugin package in the real cluster: next to a stack the lane has brought up (cert-manager
 * and Traefik running), the Pulumi YAML program of test/engine/yaml-program adds the checkout
 * with `pulumi package add` and deploys an InternalCa, a Certificate and a TlsIngress. Real
 * cert-manager must issue the Certificate from the program's CA, real Traefik must serve it for
 * the Ingress's host, and the state's objects must equal what the TypeScript twin deploys with
 * the same config. The lane plays the app owner (the app's namespace, Deployment and Service).
 */
import { it } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runAsync } from "../helpers/run-async";
import { asRendered, keyOf, ok, type Engine } from "../engine/engine";
import {
  renderTypeScriptTwin,
  yamlProgram,
  type PluginProgramConfig,
} from "../engine/plugin-program";
import {
  statusMessage,
  readyCondition,
  until,
  type ControlPlane,
  type KubeObject as LiveObject,
} from "./control-plane";
import { chainsTo, codes, inspectVia, pemChain, writeRoots } from "./inspect";
import type { StackLane } from "./stack-lane";
import { appliedObjects } from "./state";

/** Names the stacks under test do not use: the program's CA and its controller's namespace. */
const CONFIG: PluginProgramConfig = { issuerName: "yaml-ca", edgeNamespace: "yaml-edge" };
const HOST = "shop.example.com";
const APP_NAMESPACE = "shop";
/** Safety nets, not speed claims: 4 attempts a second. */
const ATTEMPTS = 4 * 180;

export interface PluginProgramContext {
  readonly engine: Engine;
  readonly plane: ControlPlane;
  readonly lane: StackLane;
  readonly figures: Record<string, string>;
}

export function pluginProgramCheck(context: () => PluginProgramContext): void {
  it("a Pulumi YAML program adds the checkout and deploys into the cluster: issued, served, as in TypeScript", async () => {
    const { engine, plane, lane, figures } = context();
    const { client } = plane;
    const twin = renderTypeScriptTwin(CONFIG);

    // The app owner's part: the app's namespace, and a Deployment and Service behind its backend.
    await client.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name: APP_NAMESPACE } });
    await lane.appOwner([...twin.values()]);

    const yaml = yamlProgram(engine, "yaml-cluster", CONFIG);
    ok(
      yaml(
        "config",
        "set",
        "--secret",
        "kubernetes:kubeconfig",
        readFileSync(plane.kubeconfig, "utf8"),
      ),
    );
    const start = Date.now();
    // Without blocking the event loop: the lane's controllers log through this process.
    const up = await runAsync(
      "pulumi",
      ["up", "--yes", "--skip-preview", "-s", "dev", "--non-interactive"],
      {
        cwd: join(engine.root, "yaml-cluster"),
        env: engine.env,
      },
    );
    figures["YAML program up"] = `${((Date.now() - start) / 1000).toFixed(1)} s`;
    assert.equal(up.status, 0, `${up.stdout}\n${up.stderr}\n${plane.logs()}`);

    // Its objects are the TypeScript twin's.
    const applied = await appliedObjects(ok(yaml("stack", "export", "--show-secrets")), client);
    assert.deepEqual(applied.map(keyOf).sort(), [...twin.keys()].sort());
    for (const o of applied) {
      const live = await client.request("GET", await client.objectPath(o));
      assert.equal(live.status, 200, `${keyOf(o)} is in the cluster: ${statusMessage(live)}`);
      assert.deepEqual(asRendered(o, undefined), twin.get(keyOf(o)), keyOf(o));
    }

    // cert-manager issues the Certificate from the program's CA.
    const caSecret = await client.get(
      `/api/v1/namespaces/cert-manager/secrets/${CONFIG.issuerName}-ca`,
    );
    const ca = new X509Certificate(Buffer.from(caSecret["data"]["tls.crt"], "base64"));
    let certificate: LiveObject | undefined;
    await until(
      `the YAML program's Certificate Ready`,
      async () => {
        certificate = await client.get(
          `/apis/cert-manager.io/v1/namespaces/${APP_NAMESPACE}/certificates/shop-tls`,
        );
        return readyCondition(certificate) !== undefined;
      },
      plane.running,
      ATTEMPTS,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${JSON.stringify(certificate, null, 1)}\n${plane.logs()}`);
    });
    figures["YAML program up start to Certificate Ready"] =
      `${((Date.now() - start) / 1000).toFixed(1)} s`;
    const secret = await client.get(`/api/v1/namespaces/${APP_NAMESPACE}/secrets/shop-tls`);
    const chain = pemChain(Buffer.from(secret["data"]["tls.crt"], "base64").toString());
    assert.equal(chain[0]?.subjectAltName, `DNS:${HOST}`);
    assert.ok(
      chainsTo(chain, [ca]),
      `${chain.map((c) => c.subject).join(" <- ")} does not chain to ${ca.subject}`,
    );

    // Traefik serves it for the Ingress's host: inspect trusts it with the program's CA only.
    const caFile = await writeRoots(plane, [ca]);
    let last = inspectVia(lane.websecure, HOST, [caFile]);
    await until(
      `Traefik to serve ${HOST}`,
      async () => (last = inspectVia(lane.websecure, HOST, [caFile])).status === 0,
      plane.running,
      ATTEMPTS,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${last.stdout}${last.stderr}\n${plane.logs(200)}`);
    });
    assert.deepEqual(codes(last.stdout), []);

    ok(yaml("destroy", "--yes", "--skip-preview"));
    for (const o of applied) {
      const res = await client.request("GET", await client.objectPath(o));
      if (o.kind !== "Namespace")
        assert.equal(res.status, 404, `${keyOf(o)} is left: ${statusMessage(res)}`);
    }
    await client.request("DELETE", `/api/v1/namespaces/${APP_NAMESPACE}`);
  });
}
