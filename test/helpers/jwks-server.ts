import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export type JwksBehaviour =
  | { kind: 'serve'; body: unknown }
  | { kind: 'raw'; text: string }
  | { kind: 'garbage' }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'error'; status: number }
  | { kind: 'redirect'; location: string }
  /** A 200 whose body never ends (chunked, 16 KiB at a time) until the client goes away; `bytesStreamed` counts it. */
  | { kind: 'endless' }
  /** A 200 whose body trickles one byte every 50 ms, without end. */
  | { kind: 'drip' };

/**
 * A real HTTP server on 127.0.0.1 that serves a JWKS the way an identity provider does, with switchable failure modes.
 * It counts requests so tests can prove that JWKS fetches stay bounded. Loopback only; stopped by the test.
 */
export class JwksServer {
  public requests = 0;
  public bytesStreamed = 0;
  public behaviour: JwksBehaviour = { kind: 'serve', body: { keys: [] } };
  private server?: Server;
  private readonly pending = new Set<NodeJS.Timeout>();

  async start(): Promise<string> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/.well-known/jwks.json`;
  }

  async stop(): Promise<void> {
    for (const t of this.pending) clearTimeout(t);
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private stream(res: ServerResponse) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"keys":[');
    const chunk = `${'{"kid":"x"},'.repeat(1365)}`;
    const more = () => {
      if (res.destroyed || res.writableEnded) return;
      this.bytesStreamed += chunk.length;
      if (res.write(chunk)) setImmediate(more);
      else res.once('drain', more);
    };
    res.on('close', () => res.destroy());
    more();
  }

  private handle(_req: IncomingMessage, res: ServerResponse) {
    this.requests++;
    const b = this.behaviour;
    switch (b.kind) {
      case 'serve':
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(b.body));
        return;
      case 'raw':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(b.text) }).end(b.text);
        return;
      case 'redirect':
        res.writeHead(302, { location: b.location }).end();
        return;
      case 'endless':
        this.stream(res);
        return;
      case 'drip': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const t = setInterval(() => res.write(' '), 50);
        res.on('close', () => clearInterval(t));
        return;
      }
      case 'garbage':
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys": [ not json');
        return;
      case 'error':
        res.writeHead(b.status).end();
        return;
      case 'slow': {
        const t = setTimeout(() => {
          this.pending.delete(t);
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":[]}');
        }, b.delayMs);
        this.pending.add(t);
        return;
      }
    }
  }
}
