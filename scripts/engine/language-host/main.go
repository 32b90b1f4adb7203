// Command language-host puts a proxy in front of a language host the Go module proxy serves only
// in a version older than the CLI, adding the calls that version predates and passing every other
// call through unchanged:
//   - pulumi-language-nodejs (sdk/v3 v3.68.0, the newest that held it): RunPlugin, which starts a
//     source-based plugin package (a folder with PulumiPlugin.yaml, `runtime: nodejs`) the way the
//     current Node.js host does;
//   - pulumi-language-yaml (pulumi-yaml v1.25.0): Link, which YAML answers with nothing to do (its
//     programs name packages in Pulumi.yaml), as later pulumi-yaml releases do.
//
// Built under the host's name; the old host is the file of that name in ../hosts beside this
// binary's folder. It gets the same arguments, and dies with this process.
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	name := filepath.Base(self)
	old := filepath.Join(filepath.Dir(filepath.Dir(self)), "hosts", name)
	cmd := exec.Command(old, os.Args[1:]...)
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting %s: %w", old, err)
	}
	// Like every plugin, the old host prints the port it serves on as its first line.
	lines := bufio.NewReader(out)
	port, err := lines.ReadString('\n')
	if err != nil {
		return fmt.Errorf("reading the port of %s: %w", old, err)
	}
	go func() { _, _ = io.Copy(os.Stdout, lines) }()
	backend, err := grpc.NewClient("127.0.0.1:"+strings.TrimSpace(port),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.ForceCodec(frameCodec{}), grpc.MaxCallRecvMsgSize(1<<30)))
	if err != nil {
		return err
	}

	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	server := grpc.NewServer(
		grpc.ForceServerCodec(frameCodec{}),
		grpc.MaxRecvMsgSize(1<<30),
		grpc.UnknownServiceHandler(forward(backend)),
	)
	switch name {
	case "pulumi-language-nodejs":
		server.RegisterService(&runPluginService, &host{})
	case "pulumi-language-yaml":
		server.RegisterService(&linkService, &host{})
	}
	fmt.Printf("%d\n", listener.Addr().(*net.TCPAddr).Port)
	go func() {
		_ = cmd.Wait()
		server.Stop()
	}()
	return server.Serve(listener)
}

// frame is a message passed through as it came.
type frame struct{ bytes []byte }

// frameCodec passes frames through and encodes the proxy's own messages as protobuf.
type frameCodec struct{}

func (frameCodec) Marshal(v any) ([]byte, error) {
	if f, ok := v.(*frame); ok {
		return f.bytes, nil
	}
	return proto.Marshal(v.(proto.Message))
}

func (frameCodec) Unmarshal(data []byte, v any) error {
	if f, ok := v.(*frame); ok {
		f.bytes = append([]byte(nil), data...)
		return nil
	}
	return proto.Unmarshal(data, v.(proto.Message))
}

func (frameCodec) Name() string { return "proto" }

var _ encoding.Codec = frameCodec{}

// forward relays any call this proxy does not serve itself to the old host, in both directions.
func forward(backend *grpc.ClientConn) grpc.StreamHandler {
	return func(_ any, in grpc.ServerStream) error {
		method, ok := grpc.MethodFromServerStream(in)
		if !ok {
			return status.Error(codes.Internal, "no method name")
		}
		md, _ := metadata.FromIncomingContext(in.Context())
		ctx, cancel := context.WithCancel(metadata.NewOutgoingContext(in.Context(), md.Copy()))
		defer cancel()
		out, err := backend.NewStream(ctx,
			&grpc.StreamDesc{ServerStreams: true, ClientStreams: true}, method)
		if err != nil {
			return err
		}
		go func() {
			for {
				f := &frame{}
				if err := in.RecvMsg(f); err != nil {
					_ = out.CloseSend()
					return
				}
				if err := out.SendMsg(f); err != nil {
					return
				}
			}
		}()
		for {
			f := &frame{}
			if err := out.RecvMsg(f); err != nil {
				if errors.Is(err, io.EOF) {
					return nil
				}
				return err
			}
			if err := in.SendMsg(f); err != nil {
				return err
			}
		}
	}
}

// The LanguageRuntime service as far as this proxy serves it: RunPlugin only.
var runPluginService = grpc.ServiceDesc{
	ServiceName: "pulumirpc.LanguageRuntime",
	HandlerType: (*any)(nil),
	Streams: []grpc.StreamDesc{{
		StreamName:    "RunPlugin",
		ServerStreams: true,
		Handler: func(srv any, stream grpc.ServerStream) error {
			req := &pulumirpc.RunPluginRequest{}
			if err := stream.RecvMsg(req); err != nil {
				return err
			}
			return srv.(*host).RunPlugin(req, &runPluginStream{stream})
		},
	}},
	Metadata: "pulumi/language.proto",
}

// The LanguageRuntime service as far as the YAML proxy serves it: Link only.
var linkService = grpc.ServiceDesc{
	ServiceName: "pulumirpc.LanguageRuntime",
	HandlerType: (*any)(nil),
	Methods: []grpc.MethodDesc{{
		MethodName: "Link",
		Handler: func(_ any, _ context.Context, decode func(any) error, _ grpc.UnaryServerInterceptor) (any, error) {
			if err := decode(&pulumirpc.LinkRequest{}); err != nil {
				return nil, err
			}
			return &pulumirpc.LinkResponse{}, nil
		},
	}},
	Metadata: "pulumi/language.proto",
}

type runPluginStream struct{ grpc.ServerStream }

func (s *runPluginStream) Send(m *pulumirpc.RunPluginResponse) error { return s.SendMsg(m) }

type host struct{}

// RunPlugin starts a plugin from its source folder as the current Node.js host does: Node.js runs
// @pulumi/pulumi's cmd/run-plugin (as the plugin's own dependencies resolve it) with the folder
// and the engine's arguments, in the engine's working directory, its output streamed back.
// Policy packs are left to the lane's own analyzer script, as before.
func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	if req.GetKind() == "analyzer" {
		return status.Error(codes.Unimplemented, "policy packs run through scripts/engine/policy-analyzer.sh")
	}
	dir := req.GetInfo().GetProgramDirectory()
	resolve := exec.Command("node", "-e",
		`process.stdout.write(require.resolve("@pulumi/pulumi/cmd/run-plugin"))`)
	resolve.Dir = dir
	runPath, err := resolve.Output()
	if err != nil {
		return fmt.Errorf("%s: @pulumi/pulumi/cmd/run-plugin not found: run npm install there: %w", dir, err)
	}
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()
	args := append([]string{string(runPath), dir}, req.GetArgs()...)
	cmd := exec.CommandContext(server.Context(), "node", args...)
	cmd.Dir = req.GetPwd()
	cmd.Env = req.GetEnv()
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return fmt.Errorf("plugin %s exited with code %d", req.GetName(), exit.ExitCode())
		}
		return fmt.Errorf("running plugin %s: %w", req.GetName(), err)
	}
	return closer.Close()
}
