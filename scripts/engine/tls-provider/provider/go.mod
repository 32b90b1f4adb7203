module tls-edge.local/pulumi-tls

go 1.25.8

require (
	github.com/hashicorp/terraform-plugin-go v0.29.0
	github.com/hashicorp/terraform-provider-tls v1.2.1-0.20260130152455-857b38cda3fc
	github.com/hashicorp/terraform-provider-tls/shim v0.0.0
	github.com/pulumi/pulumi-terraform-bridge/v3 v3.120.0
)

replace github.com/hashicorp/terraform-provider-tls/shim => ../shim

// As the bridge's own go.mod does.
replace github.com/hashicorp/terraform-plugin-sdk/v2 => github.com/pulumi/terraform-plugin-sdk/v2 v2.0.0-20250923233607-7f1981c8674a
