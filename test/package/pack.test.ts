/**
 * The published package: `npm pack` output installs into an empty project, where
 * `import { AcmeIssuer, Certificate } from "tls-edge"` type-checks and works under mocks.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(__dirname, "..", "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

describe("npm package", { timeout: 300_000 }, () => {
  let work: string;
  let consumer: string;

  before(() => {
    work = mkdtempSync(join(tmpdir(), "tls-edge-pack-"));
    // `npm pack` runs the prepare script, which builds dist/ with declarations.
    execFileSync(npm, ["pack", "--pack-destination", work, "--silent"], {
      cwd: root,
      stdio: "pipe",
    });
    const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
    assert.ok(tarball, "npm pack wrote no tarball");
    consumer = join(work, "consumer");
    execFileSync("mkdir", ["-p", consumer]);
    writeFileSync(
      join(consumer, "package.json"),
      JSON.stringify({ name: "consumer", version: "1.0.0", private: true }),
    );
    execFileSync(
      npm,
      ["install", "--prefer-offline", "--no-audit", "--no-fund", "--silent", join(work, tarball)],
      { cwd: consumer, stdio: "pipe" },
    );
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("ships compiled code and declarations only", () => {
    const files = readdirSync(join(consumer, "node_modules", "tls-edge", "dist", "components"));
    assert.ok(files.includes("index.js"));
    assert.ok(files.includes("index.d.ts"));
    assert.ok(!files.some((f) => f.endsWith(".test.js")));
  });

  it("type-checks an import of AcmeIssuer and Certificate", () => {
    writeFileSync(
      join(consumer, "index.ts"),
      [
        'import { AcmeIssuer, Certificate } from "tls-edge";',
        'const issuer = new AcmeIssuer("le", { environment: "staging", http01: { ingressClassName: "traefik" } });',
        'export const cert = new Certificate("web", { dnsNames: ["web.example.com"], secretName: "web-tls", namespace: "web", issuer });',
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: ["index.ts"],
      }),
    );
    const tsc = join(root, "node_modules", "ts7", "bin", "tsc");
    execFileSync(process.execPath, [tsc, "-p", consumer], { cwd: consumer, stdio: "pipe" });

    writeFileSync(
      join(consumer, "bad.ts"),
      'import { NoSuchThing } from "tls-edge";\nexport { NoSuchThing };\n',
    );
    assert.throws(
      () =>
        execFileSync(
          process.execPath,
          [
            tsc,
            "--ignoreConfig",
            "--noEmit",
            "--strict",
            "--module",
            "nodenext",
            "--moduleResolution",
            "nodenext",
            "--types",
            "",
            "bad.ts",
          ],
          {
            cwd: consumer,
            stdio: "pipe",
          },
        ),
      (err: { stdout?: Buffer }) => /has no exported member 'NoSuchThing'/.test(String(err.stdout)),
    );
  });

  it("works: registers a ClusterIssuer and a Certificate under mocks", () => {
    writeFileSync(
      join(consumer, "run.js"),
      `
const pulumi = require("@pulumi/pulumi");
const seen = [];
pulumi.runtime.setMocks({
  newResource: (a) => { seen.push(a.type + " " + a.name); return { id: a.name + "-id", state: a.inputs }; },
  call: (a) => a.inputs,
}, "consumer", "dev", false);
const { AcmeIssuer, Certificate } = require("tls-edge");
const issuer = new AcmeIssuer("le", { environment: "staging", http01: { ingressClassName: "traefik" } });
const cert = new Certificate("web", { dnsNames: ["web.example.com"], secretName: "web-tls", namespace: "web", issuer });
cert.urn.apply(() => setTimeout(() => console.log(JSON.stringify(seen.sort())), 200));
`,
    );
    const out = execFileSync(process.execPath, ["run.js"], { cwd: consumer, encoding: "utf8" });
    const seen = JSON.parse(out.trim().split("\n").pop()!) as string[];
    assert.ok(seen.includes("kubernetes:cert-manager.io/v1:ClusterIssuer le-issuer"), out);
    assert.ok(seen.includes("kubernetes:cert-manager.io/v1:Certificate web-certificate"), out);
  });
});
