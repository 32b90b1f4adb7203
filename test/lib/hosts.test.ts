import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  dnsNameCovers,
  hostKey,
  hostProblem,
  isDnsName,
  inZone,
  isValidDnsName,
  isWildcard,
  isZoneName,
} from "../../components/lib/hosts";
import {
  isDns1035Label,
  isDns1123Label,
  isDns1123Subdomain,
  isLabelKey,
  isLabelValue,
} from "../../components/lib/names";

describe("host names", () => {
  it("takes lower-case names of two or more RFC 1123 labels, a wildcard only as the first", () => {
    for (const ok of [
      "example.com",
      "*.example.com",
      "a-b.c.example.io",
      "xn--bcher-kva.example",
      "example.xn--p1ai",
      "1.example.com",
      `${"a".repeat(63)}.com`,
    ]) {
      assert.equal(hostProblem(ok), undefined, ok);
      assert.equal(isValidDnsName(ok), true, ok);
    }
  });

  it("names what is wrong with every other name", () => {
    const cases: [string, string][] = [
      ["", "is empty"],
      ["Example.com", "has upper-case letters"],
      ["example.com.", "ends with a dot"],
      [`${"a.".repeat(127)}com`, "is longer than 253 characters"],
      ["10.0.0.1", "is an IP address"],
      ["::1", "is an IP address"],
      ["example", "has a single label"],
      ["*", "has a single label"],
      ["a.123", "has an all-numeric top-level label"],
      ["a..b.com", 'has an invalid label ""'],
      ["-a.com", 'has an invalid label "-a"'],
      ["a-.com", 'has an invalid label "a-"'],
      ["*.*.a.com", 'has an invalid label "*"'],
      ["a.*.com", 'has an invalid label "*"'],
      ["a_b.com", 'has an invalid label "a_b"'],
      [`${"a".repeat(64)}.com`, `has an invalid label "${"a".repeat(64)}"`],
    ];
    for (const [host, problem] of cases) {
      assert.equal(hostProblem(host), problem, host);
      assert.equal(isValidDnsName(host), false, host);
    }
  });

  it("matches a wildcard on exactly one label, in any case", () => {
    assert.equal(dnsNameCovers("*.example.com", "a.example.com"), true);
    assert.equal(dnsNameCovers("*.example.com", "A.Example.COM"), true);
    assert.equal(dnsNameCovers("Example.com", "example.COM"), true);
    assert.equal(dnsNameCovers("*.example.com", "*.example.com"), true);
    assert.equal(dnsNameCovers("*.example.com", "example.com"), false);
    assert.equal(dnsNameCovers("*.example.com", "a.b.example.com"), false);
    assert.equal(dnsNameCovers("*.example.com", "aexample.com"), false);
    assert.equal(dnsNameCovers("a.example.com", "b.example.com"), false);
    assert.equal(dnsNameCovers("*.example.com", "*x.example.com"), false);
  });

  it("tells wildcards, zones and keys", () => {
    assert.equal(isWildcard("*.example.com"), true);
    assert.equal(isWildcard("*example.com"), false);
    assert.equal(isZoneName("example.com"), true);
    assert.equal(isZoneName("*.example.com"), false);
    assert.equal(inZone("*.a.example.com", "example.com"), true);
    assert.equal(inZone("example.com", "example.com"), true);
    assert.equal(inZone("badexample.com", "example.com"), false);
    assert.equal(hostKey("*.example.com"), "wildcard-example-com");
  });
});

describe("Kubernetes names", () => {
  it("applies the API server's label, subdomain and label-key rules", () => {
    assert.equal(isDns1123Label("a-1"), true);
    assert.equal(isDns1123Label("a".repeat(64)), false);
    assert.equal(isDns1123Label("a.b"), false);
    assert.equal(isDns1035Label("web"), true);
    assert.equal(isDns1035Label("1web"), false);
    assert.equal(isDns1123Subdomain("tls.example-1"), true);
    assert.equal(isDns1123Subdomain("a..b"), false);
    assert.equal(isDns1123Subdomain("a".repeat(254)), false);
    assert.equal(isLabelKey("app.kubernetes.io/name"), true);
    assert.equal(isLabelKey("release"), true);
    assert.equal(isLabelKey("a/b/c"), false);
    assert.equal(isLabelKey("/name"), false);
    assert.equal(isLabelKey("x".repeat(64)), false);
    assert.equal(isLabelValue(""), true);
    assert.equal(isLabelValue("v1.2_3"), true);
    assert.equal(isLabelValue("-v"), false);
  });
});

describe("DNS names as name servers take them", () => {
  it("takes any case and a trailing dot; underscores only where asked", () => {
    for (const ok of ["ns1.example.com", "NS1.Example.COM.", "localhost", "a-b"]) {
      assert.equal(isDnsName(ok), true, ok);
    }
    for (const bad of ["", ".", "a..b", "-a", "a_b", `${"a".repeat(64)}.com`, "a".repeat(254)]) {
      assert.equal(isDnsName(bad), false, bad);
    }
    assert.equal(isDnsName("_acme.key", { underscores: true }), true);
    assert.equal(isDnsName("tls-edge_lab", { underscores: true }), true);
  });
});
