/** TlsSecret as other languages see it: the library's arguments and outputs, unchanged. */
import * as pulumi from "@pulumi/pulumi";
import * as lib from "../components/certificates";
import type { TlsSecretArgs } from "../components/certificates";

export type { TlsSecretArgs };

/** A `kubernetes.io/tls` Secret from a certificate and key you bring, checked first. */
export class TlsSecret extends pulumi.ComponentResource {
  /** Name of the Secret. */
  public readonly secretName: pulumi.Output<string>;
  /** Days until the certificate expires. */
  public readonly daysLeft: pulumi.Output<number>;
  /** When the certificate expires (ISO 8601). */
  public readonly notAfter: pulumi.Output<string>;
  /** The certificate's subject. */
  public readonly subject: pulumi.Output<string>;
  /** The names the certificate holds. */
  public readonly dnsNames: pulumi.Output<string[]>;

  constructor(name: string, args: TlsSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    lib.validateTlsSecretArgs(args);
    super("tls-edge:index:TlsSecret", name, {}, opts);
    const secret = new lib.TlsSecret(name, args, { parent: this });
    this.secretName = secret.secretName;
    this.daysLeft = secret.daysLeft;
    this.notAfter = secret.notAfter;
    this.subject = secret.subject;
    this.dnsNames = secret.dnsNames;
    this.registerOutputs({
      secretName: this.secretName,
      daysLeft: this.daysLeft,
      notAfter: this.notAfter,
      subject: this.subject,
      dnsNames: this.dnsNames,
    });
  }
}
