import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks } from "../helpers/mocks";
import { scenario, violationsOf, messagesOf } from "./support";

const engine = useMocks({ stack: "dev" });

const STAGING = "https://acme-staging-v02.api.letsencrypt.org/directory";

describe("certificates", () => {
  let k8s: typeof import("@pulumi/kubernetes");
  before(async () => {
    k8s = await import("@pulumi/kubernetes");
  });

  const issuer = (name: string, solver: Record<string, unknown>) =>
    new k8s.apiextensions.CustomResource(name, {
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: { name },
      spec: {
        acme: {
          server: STAGING,
          privateKeySecretRef: { name: `${name}-account` },
          solvers: [solver],
        },
      },
    });
  const dnsIssuer = () =>
    issuer("le-dns", {
      dns01: { cloudflare: { apiTokenSecretRef: { name: "cf", key: "token" } } },
    });
  const httpIssuer = () =>
    issuer("le-http", { http01: { ingress: { ingressClassName: "traefik" } } });
  const certificate = (spec: Record<string, unknown> = {}) =>
    new k8s.apiextensions.CustomResource("site", {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: "site", namespace: "apps" },
      spec: {
        secretName: "site-tls",
        dnsNames: ["*.example.com"],
        issuerRef: { name: "le-dns", kind: "ClusterIssuer", group: "cert-manager.io" },
        duration: "2160h",
        renewBefore: "720h",
        ...spec,
      },
    });

  it("passes a wildcard Certificate on a DNS-01 issuer with a sound lifetime", async () => {
    const resources = await scenario(engine, () => {
      dnsIssuer();
      certificate();
    });
    assert.deepEqual(await violationsOf(resources, "certificates"), []);
  });

  it("fails renewBefore inside the alert window", async () => {
    const resources = await scenario(engine, () => {
      dnsIssuer();
      certificate({ renewBefore: "240h" });
    });
    assert.deepEqual(await violationsOf(resources, "certificates"), [
      {
        policy: "certificates",
        enforcementLevel: "mandatory",
        severity: "high",
        resource: "site",
        type: "kubernetes:cert-manager.io/v1:Certificate",
        message:
          "Certificate apps/site renews only 240h before expiry, inside the 15-day alert window, so expiry alerts fire before renewal is even tried. Fix: set renewBefore to at least 360h (or drop it for the default of a third).",
      },
    ]);
    const config = { certificates: { alertWindowDays: 7 } };
    assert.deepEqual(await messagesOf(resources, "certificates", { config }), []);
  });

  it("fails renewBefore not shorter than the duration, and the default lifetime passes", async () => {
    const bad = await scenario(engine, () => {
      dnsIssuer();
      certificate({ renewBefore: "2160h" });
    });
    assert.deepEqual(await messagesOf(bad, "certificates"), [
      "Certificate apps/site renews 2160h before expiry but lives only 2160h, so it would renew forever. Fix: set renewBefore below the duration (cert-manager's default is a third of it).",
    ]);
    const defaults = await scenario(engine, () => {
      dnsIssuer();
      certificate({ duration: undefined, renewBefore: undefined });
    });
    assert.deepEqual(await messagesOf(defaults, "certificates"), []);
  });

  it("fails a wildcard on an HTTP-01 only issuer", async () => {
    const resources = await scenario(engine, () => {
      httpIssuer();
      certificate({
        issuerRef: { name: "le-http", kind: "ClusterIssuer", group: "cert-manager.io" },
      });
    });
    assert.deepEqual(await messagesOf(resources, "certificates"), [
      'Certificate apps/site asks for "*.example.com" but ClusterIssuer le-http has no DNS-01 solver, and ACME CAs only prove wildcards over DNS-01. Fix: add a dns01 solver (Route53 or Cloudflare) to the issuer or drop the wildcard.',
    ]);
  });

  it("fails an issuer missing from the stack unless listed as external", async () => {
    const resources = await scenario(engine, () => void certificate());
    assert.deepEqual(await messagesOf(resources, "certificates"), [
      'Certificate apps/site uses ClusterIssuer le-dns, which this stack does not define. Fix: create that issuer in the stack, correct issuerRef, or list "ClusterIssuer/le-dns" in externalIssuers.',
    ]);
    const config = { certificates: { externalIssuers: ["ClusterIssuer/le-dns"] } };
    assert.deepEqual(await messagesOf(resources, "certificates", { config }), []);
  });

  it("checks the issuer an Ingress annotation names, in a ConfigGroup", async () => {
    const resources = await scenario(engine, () => {
      httpIssuer();
      new k8s.yaml.v2.ConfigGroup("apps", {
        yaml: [
          "apiVersion: networking.k8s.io/v1",
          "kind: Ingress",
          "metadata:",
          "  name: shop",
          "  namespace: apps",
          "  annotations:",
          "    cert-manager.io/cluster-issuer: le-http",
          "spec:",
          "  tls:",
          "    - hosts: ['*.shop.example.com']",
          "      secretName: shop-tls",
          "  rules:",
          "    - host: www.shop.example.com",
        ].join("\n"),
      });
    });
    assert.deepEqual(await violationsOf(resources, "certificates"), [
      {
        policy: "certificates",
        enforcementLevel: "mandatory",
        severity: "high",
        resource: "networking.k8s.io/Ingress/shop",
        type: "kubernetes:networking.k8s.io/v1:Ingress",
        message:
          'Ingress apps/shop asks for "*.shop.example.com" but ClusterIssuer le-http has no DNS-01 solver, and ACME CAs only prove wildcards over DNS-01. Fix: add a dns01 solver (Route53 or Cloudflare) to the issuer or drop the wildcard.',
      },
    ]);
  });
});
