/**
 * Local fakes for the DNS provider tests: an HTTP server that records every request and answers
 * from a handler, and a UDP DNS server answering TXT queries from a map.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import { createSocket } from "node:dgram";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakeHttp {
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function fakeHttp(
  handle: (req: RecordedRequest) => { status?: number; type?: string; body: string },
): Promise<FakeHttp> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const recorded = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      requests.push(recorded);
      const out = handle(recorded);
      res.writeHead(out.status ?? 200, { "content-type": out.type ?? "application/json" });
      res.end(out.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export interface FakeDns {
  /** host:port */
  readonly server: string;
  /** TXT values by lower-case name without trailing dot. */
  readonly txt: Map<string, string[]>;
  close(): Promise<void>;
}

/** Answers TXT queries (UDP) from `txt`; any other name gets an empty answer. */
export async function fakeDns(): Promise<FakeDns> {
  const txt = new Map<string, string[]>();
  const socket = createSocket("udp4");
  socket.on("message", (query, peer) => {
    let at = 12;
    const labels: string[] = [];
    while (query[at]! > 0) {
      labels.push(query.subarray(at + 1, at + 1 + query[at]!).toString());
      at += query[at]! + 1;
    }
    const question = query.subarray(12, at + 5);
    const values = txt.get(labels.join(".").toLowerCase()) ?? [];
    const answers = values.map((v) => {
      const data = Buffer.concat([Buffer.from([v.length]), Buffer.from(v)]);
      const rr = Buffer.alloc(12);
      rr.writeUInt16BE(0xc00c, 0); // name: pointer to the question
      rr.writeUInt16BE(16, 2); // TXT
      rr.writeUInt16BE(1, 4); // IN
      rr.writeUInt32BE(60, 6);
      rr.writeUInt16BE(data.length, 10);
      return Buffer.concat([rr, data]);
    });
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2);
    header.writeUInt16BE(0x8180, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    socket.send(Buffer.concat([header, question, ...answers]), peer.port, peer.address);
  });
  await new Promise<void>((r) => socket.bind(0, "127.0.0.1", r));
  return {
    server: `127.0.0.1:${socket.address().port}`,
    txt,
    close: () => new Promise((r) => socket.close(() => r())),
  };
}

/** A loopback TCP port nothing listens on (bound, then closed): connections are refused at once. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
