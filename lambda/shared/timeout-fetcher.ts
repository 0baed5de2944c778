/**
 * A JWKS fetcher for aws-jwt-verify's cache: one HTTP(S) GET with a hard timeout and a size cap, on the runtime's
 * `fetch`. No retries here: the cache's penalty box decides when to try again, so a failing identity provider costs
 * at most one bounded request per wait period.
 */
export class TimeoutFetcher {
  constructor(
    private readonly timeoutMs: number,
    private readonly maxBytes = 64 * 1024,
  ) {}

  public async fetch(uri: string): Promise<ArrayBuffer> {
    const response = await fetch(uri, { signal: AbortSignal.timeout(this.timeoutMs), redirect: 'error', headers: { accept: 'application/json' } });
    if (!response.ok) {
      throw new Error(`JWKS fetch: expected 200, got ${response.status}`);
    }
    const body = await response.arrayBuffer();
    if (body.byteLength > this.maxBytes) {
      throw new Error(`JWKS fetch: expected at most ${this.maxBytes} bytes, got ${body.byteLength}`);
    }
    return body;
  }
}
