// Package tls bridges the Terraform TLS provider to Pulumi with the tokens of the @pulumi/tls SDK.
package tls

import (
	_ "embed"

	"github.com/hashicorp/terraform-provider-tls/shim"
	pf "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
)

//go:embed cmd/pulumi-resource-tls/bridge-metadata.json
var metadata []byte

// Version is what the plugin reports; build.sh sets it with -ldflags -X.
var Version = "0.0.0-dev"

// Provider maps the Terraform resources and data sources onto the tokens @pulumi/tls uses.
func Provider() tfbridge.ProviderInfo {
	return tfbridge.ProviderInfo{
		P:            pf.ShimProvider(shim.NewProvider()),
		Name:         "tls",
		Version:      Version,
		MetadataInfo: tfbridge.NewProviderMetadata(metadata),
		Resources: map[string]*tfbridge.ResourceInfo{
			"tls_private_key":         {Tok: "tls:index/privateKey:PrivateKey"},
			"tls_self_signed_cert":    {Tok: "tls:index/selfSignedCert:SelfSignedCert"},
			"tls_locally_signed_cert": {Tok: "tls:index/locallySignedCert:LocallySignedCert"},
			"tls_cert_request":        {Tok: "tls:index/certRequest:CertRequest"},
		},
		DataSources: map[string]*tfbridge.DataSourceInfo{
			"tls_public_key":  {Tok: "tls:index/getPublicKey:getPublicKey"},
			"tls_certificate": {Tok: "tls:index/getCertificate:getCertificate"},
		},
	}
}
