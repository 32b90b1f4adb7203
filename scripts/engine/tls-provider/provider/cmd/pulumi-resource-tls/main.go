package main

import (
	"context"
	_ "embed"

	pf "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfbridge"
	tls "tls-edge.local/pulumi-tls"
)

//go:embed schema.json
var schema []byte

func main() {
	pf.Main(context.Background(), "tls", tls.Provider(), pf.ProviderMetadata{PackageSchema: schema})
}
