/**
 * A stand-in issuer for the edge tests: a self-signed ClusterIssuer (or namespaced Issuer)
 * implementing `CertificateIssuer`, so the edge components are tested without the issuers
 * folder. Import it with `await import()` after `useMocks()`.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type {
  CertificateIssuer,
  IssuerKind,
  IssuerReference,
} from "../../components/issuers/issuer-ref";

export class TestIssuer extends pulumi.ComponentResource implements CertificateIssuer {
  public readonly issuerRef: pulumi.Output<IssuerReference>;
  public readonly issuerName: string;
  public readonly issuerKind: IssuerKind;
  public readonly issuerNamespace?: string;
  public readonly supportsWildcards: boolean;
  public readonly issuerResource: pulumi.Resource;

  constructor(name: string, opts: { namespace?: string; wildcards?: boolean } = {}) {
    super("tls-edge:test:TestIssuer", name, {}, {});
    this.issuerName = name;
    this.issuerKind = opts.namespace ? "Issuer" : "ClusterIssuer";
    if (opts.namespace) this.issuerNamespace = opts.namespace;
    this.supportsWildcards = opts.wildcards ?? true;
    this.issuerResource = new k8s.apiextensions.CustomResource(
      `${name}-issuer`,
      {
        apiVersion: "cert-manager.io/v1",
        kind: this.issuerKind,
        metadata: { name, ...(opts.namespace ? { namespace: opts.namespace } : {}) },
        spec: { selfSigned: {} },
      },
      { parent: this },
    );
    this.issuerRef = pulumi.output({ name, kind: this.issuerKind, group: "cert-manager.io" });
    this.registerOutputs({});
  }
}
