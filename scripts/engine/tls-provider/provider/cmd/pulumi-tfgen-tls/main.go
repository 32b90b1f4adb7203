package main

import (
	pftfgen "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfgen"
	tls "tls-edge.local/pulumi-tls"
)

func main() { pftfgen.Main("tls", tls.Provider()) }
