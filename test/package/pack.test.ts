/**
 * The published package: `npm pack` output installs into an empty project offline, where each
 * entry point exports exactly what docs/api.md lists (at run time and in the declarations),
 * `import { AcmeIssuer, Certificate } from "tls-edge"` type-checks and works under mocks, and
 * `isInstance` holds across two loaded copies of the package.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import ts from "typescript";
import { parse } from "yaml";

const root = resolve(__dirname, "..", "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

interface DocumentedEntry {
  readonly values: string[];
  readonly types: string[];
}

/** The export lists of docs/api.md: `## \`<entry>\`` sections, `- **values**:`/`- **types**:` lines. */
function documentedEntries(): Map<string, DocumentedEntry> {
  const entries = new Map<string, { values: string[]; types: string[] }>();
  let current: { values: string[]; types: string[] } | undefined;
  for (const line of readFileSync(join(root, "docs", "api.md"), "utf8").split("\n")) {
    const heading = /^## `([^`]+)`$/.exec(line);
    if (heading) {
      current = { values: [], types: [] };
      entries.set(heading[1]!, current);
      continue;
    }
    if (line.startsWith("## ")) current = undefined;
    const list = /^- \*\*(values|types)\*\*: (.*)$/.exec(line);
    if (list && current) {
      const names = [...list[2]!.matchAll(/`([A-Za-z_$][\w$]*)`/g)].map((m) => m[1]!);
      current[list[1] as "values" | "types"].push(...names);
    }
  }
  return entries;
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

const sorted = (names: Iterable<string>): string[] => [...new Set(names)].sort();

describe("npm package", { timeout: 600_000 }, () => {
  let work: string;
  let consumer: string;
  let installed: string;
  const documented = documentedEntries();

  before(() => {
    work = mkdtempSync(join(tmpdir(), "tls-edge-pack-"));
    // `npm pack` runs the prepare script, which builds dist/ from scratch with declarations.
    execFileSync(npm, ["pack", "--pack-destination", work, "--silent"], {
      cwd: root,
      stdio: "pipe",
    });
    const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
    assert.ok(tarball, "npm pack wrote no tarball");
    consumer = join(work, "consumer");
    mkdirSync(consumer);
    writeFileSync(
      join(consumer, "package.json"),
      JSON.stringify({ name: "consumer", version: "1.0.0", private: true }),
    );
    // Offline: the dependencies come from npm's cache, which `npm ci` filled.
    execFileSync(
      npm,
      ["install", "--offline", "--no-audit", "--no-fund", "--silent", join(work, tarball)],
      { cwd: consumer, stdio: "pipe" },
    );
    installed = join(consumer, "node_modules", "tls-edge");
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("docs/api.md lists the four entry points package.json exports", () => {
    const pkg = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as {
      exports: Record<string, unknown>;
    };
    const subpaths = Object.keys(pkg.exports).filter((k) => k !== "./package.json");
    assert.deepEqual(
      sorted(subpaths.map((k) => (k === "." ? "tls-edge" : `tls-edge/${k.slice(2)}`))),
      sorted(documented.keys()),
    );
    for (const [entry, { values, types }] of documented) {
      assert.ok(values.length > 0, `${entry}: no values listed`);
      assert.equal(sorted(values).length, values.length, `${entry}: a value is listed twice`);
      assert.equal(sorted(types).length, types.length, `${entry}: a type is listed twice`);
    }
  });

  it("ships compiled code, declarations and docs, and nothing from an earlier build", () => {
    const dist = join(installed, "dist");
    const shipped = files(dist).filter((f) => f.endsWith(".js"));
    assert.ok(shipped.includes(join(dist, "components", "index.js")));
    assert.ok(existsSync(join(dist, "components", "index.d.ts")));
    assert.ok(!shipped.some((f) => f.endsWith(".test.js")));
    // Every compiled file has its source: a module moved since the last build leaves none.
    const orphans = shipped
      .map((f) => relative(dist, f).replace(/\.js$/, ".ts"))
      .filter((source) => !existsSync(join(root, source)));
    assert.deepEqual(orphans, []);
    for (const doc of ["README.md", "CHANGELOG.md", "docs/api.md"]) {
      assert.ok(existsSync(join(installed, doc)), `${doc} is not in the package`);
    }
  });

  it("ships the policy pack as a folder Pulumi runs: its manifest, and a main that is compiled", () => {
    const pack = join(installed, "dist", "policy");
    const manifest = parse(readFileSync(join(pack, "PulumiPolicy.yaml"), "utf8")) as {
      runtime?: string;
    };
    assert.equal(manifest.runtime, "nodejs");
    const pkg = JSON.parse(readFileSync(join(pack, "package.json"), "utf8")) as { main?: string };
    assert.equal(pkg.main, "index.js");
    // The entry constructs the pack (which serves the analyzer), and nothing else does.
    assert.match(readFileSync(join(pack, "index.js"), "utf8"), /new policy_1\.PolicyPack\(/);
    // Its imports resolve from the installed package's dependencies.
    const resolved = execFileSync(
      process.execPath,
      ["-e", 'console.log(require.resolve("@pulumi/policy", { paths: [process.argv[1]] }))', pack],
      { encoding: "utf8" },
    ).trim();
    assert.ok(resolved.startsWith(join(consumer, "node_modules")), resolved);
    // The source folder's manifests, which name index.ts, do not ship.
    assert.ok(!existsSync(join(installed, "policy")));
  });

  it("each entry point exports at run time exactly the values docs/api.md lists", () => {
    const script = [...documented.keys()]
      .map(
        (entry) =>
          `out[${JSON.stringify(entry)}] = Object.keys(require(${JSON.stringify(entry)}));`,
      )
      .join("\n");
    writeFileSync(
      join(consumer, "exports.js"),
      `const out = {};\n${script}\nconsole.log(JSON.stringify(out));\n`,
    );
    const out = execFileSync(process.execPath, ["exports.js"], { cwd: consumer, encoding: "utf8" });
    const actual = JSON.parse(out) as Record<string, string[]>;
    for (const [entry, { values }] of documented) {
      assert.deepEqual(sorted(actual[entry] ?? []), sorted(values), entry);
    }
  });

  it("each entry point's declarations export exactly the values and types docs/api.md lists", () => {
    const sources = [...documented.keys()].map((entry, i) => {
      const file = join(consumer, `entry${i}.ts`);
      writeFileSync(file, `import * as m from ${JSON.stringify(entry)};\nexport { m };\n`);
      return { entry, file };
    });
    const program = ts.createProgram(
      sources.map((s) => s.file),
      {
        strict: true,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        noEmit: true,
        skipLibCheck: true,
        types: [],
      },
    );
    const checker = program.getTypeChecker();
    for (const { entry, file } of sources) {
      const source = program.getSourceFile(file)!;
      const errors = ts.getPreEmitDiagnostics(program, source);
      assert.deepEqual(
        errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")),
        [],
        entry,
      );
      const declaration = source.statements.find(ts.isImportDeclaration)!;
      const module = checker.getSymbolAtLocation(declaration.moduleSpecifier);
      assert.ok(module, `${entry}: no declarations found`);
      const exported = checker.getExportsOfModule(module).map((s) => s.name);
      const { values, types } = documented.get(entry)!;
      assert.deepEqual(sorted(exported), sorted([...values, ...types]), entry);
    }
  });

  it("type-checks an import of AcmeIssuer and Certificate, and refuses a name it lacks", () => {
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
      'import { sleep } from "tls-edge";\nexport { sleep };\n',
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
          { cwd: consumer, stdio: "pipe" },
        ),
      (err: { stdout?: Buffer }) => /has no exported member 'sleep'/.test(String(err.stdout)),
    );
  });

  it("works under mocks, and isInstance holds across two copies where instanceof does not", () => {
    // A second copy of the package beside the first, as when two libraries each bring one;
    // both share the one @pulumi/pulumi, so one set of mocks serves them.
    cpSync(installed, join(consumer, "node_modules", "tls-edge-copy"), { recursive: true });
    writeFileSync(
      join(consumer, "run.js"),
      `
const pulumi = require("@pulumi/pulumi");
const seen = [];
pulumi.runtime.setMocks({
  newResource: (a) => { seen.push(a.type + " " + a.name); return { id: a.name + "-id", state: a.inputs }; },
  call: (a) => a.inputs,
}, "consumer", "dev", false);
const a = require("tls-edge");
const b = require("tls-edge-copy");
const issuer = new a.AcmeIssuer("le", { environment: "staging", http01: { ingressClassName: "traefik" } });
const cert = new a.Certificate("web", { dnsNames: ["web.example.com"], secretName: "web-tls", namespace: "web", issuer });
const edge = new a.IngressController("edge", {
  controller: "traefik",
  installChart: false,
  defaultCertificate: { secretName: "edge-default-tls" },
});
// The other copy's TlsIngress takes this copy's controller.
const shop = new b.TlsIngress("shop", {
  via: edge,
  namespace: "shop",
  hosts: ["shop.example.com"],
  backend: { service: "web", port: 8080 },
  certificate: { secretName: "shop-tls", dnsNames: ["shop.example.com"] },
});
const checks = {
  twoCopies: a.IngressController !== b.IngressController,
  instanceofAcross: edge instanceof b.IngressController,
  controller: b.IngressController.isInstance(edge),
  controllerSameCopy: a.IngressController.isInstance(edge),
  gatewayIsNotController: b.TlsGateway.isInstance(edge),
  acmeIssuer: b.AcmeIssuer.isInstance(issuer),
  issuerComponent: b.IssuerComponent.isInstance(issuer),
  certificateIsNotIssuer: b.IssuerComponent.isInstance(cert),
  internalCaIsNotAcme: b.InternalCa.isInstance(issuer),
  rehearsalIsNotController: b.AcmeRehearsal.isInstance(edge),
  plainObject: b.Certificate.isInstance({ __pulumiType: "something:else:Certificate" }),
  nothing: b.CertManager.isInstance(undefined),
};
pulumi.all([cert.urn, shop.urn]).apply(() =>
  setTimeout(() => console.log(JSON.stringify({ seen: seen.sort(), checks })), 200),
);
`,
    );
    const out = execFileSync(process.execPath, ["run.js"], { cwd: consumer, encoding: "utf8" });
    const { seen, checks } = JSON.parse(out.trim().split("\n").pop()!) as {
      seen: string[];
      checks: Record<string, boolean>;
    };
    assert.ok(seen.includes("kubernetes:cert-manager.io/v1:ClusterIssuer le-issuer"), out);
    assert.ok(seen.includes("kubernetes:cert-manager.io/v1:Certificate web-certificate"), out);
    assert.ok(seen.includes("kubernetes:networking.k8s.io/v1:Ingress shop-ingress"), out);
    assert.deepEqual(checks, {
      twoCopies: true,
      instanceofAcross: false,
      controller: true,
      controllerSameCopy: true,
      gatewayIsNotController: false,
      acmeIssuer: true,
      issuerComponent: true,
      certificateIsNotIssuer: false,
      internalCaIsNotAcme: false,
      rehearsalIsNotController: false,
      plainObject: false,
      nothing: false,
    });
  });
});
