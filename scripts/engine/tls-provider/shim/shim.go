// Package shim exposes the Terraform TLS provider, whose code is internal to its module: a
// package under github.com/hashicorp/terraform-provider-tls/ may import it.
package shim

import (
	"github.com/hashicorp/terraform-plugin-framework/provider"
	tls "github.com/hashicorp/terraform-provider-tls/internal/provider"
)

// NewProvider returns the Terraform TLS provider.
func NewProvider() provider.Provider { return tls.New() }
