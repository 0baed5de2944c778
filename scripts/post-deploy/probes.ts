/** The post-deploy checks' network probes of the API: a TLS handshake at one protocol version, and one HTTPS GET. */
import { request } from 'node:https';
import { connect, SecureVersion } from 'node:tls';

export interface ProbeOptions {
  /** Extra trusted CA certificates (tests only: a loopback server's self-signed certificate). */
  readonly ca?: string;
  readonly timeoutMs?: number;
}

/** Whether a handshake limited to `version` completes with the API's host (certificate verified as usual). */
export function handshake(url: URL, version: SecureVersion, options: ProbeOptions = {}): Promise<'accepted' | 'refused'> {
  return new Promise((resolve) => {
    const socket = connect({
      host: url.hostname,
      port: Number(url.port || 443),
      servername: /^[\d.]+$/.test(url.hostname) ? undefined : url.hostname,
      minVersion: version,
      maxVersion: version,
      ...(options.ca ? { ca: options.ca } : {}),
      timeout: options.timeoutMs ?? 10_000,
    });
    const done = (verdict: 'accepted' | 'refused') => {
      socket.destroy();
      resolve(verdict);
    };
    socket.once('secureConnect', () => done('accepted'));
    socket.once('error', () => done('refused'));
    socket.once('timeout', () => done('refused'));
  });
}

/** One GET: status, lower-cased headers, body (at most 64 KB). */
export function get(url: URL, options: ProbeOptions = {}): Promise<{ status: number; headers: Record<string, string | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', ...(options.ca ? { ca: options.ca } : {}), timeout: options.timeoutMs ?? 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body = (body + chunk).slice(0, 65_536);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v])), body }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}
