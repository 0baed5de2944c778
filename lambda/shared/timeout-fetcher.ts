/**
 * The JWKS fetcher of the shared key cache (jwks-cache.ts): one HTTP(S) GET with a hard timeout and a size cap, on the
 * runtime's `fetch`. No retries here: the cache's refetch interval decides when to try again, so a failing identity
 * provider costs at most one bounded request per interval.
 */
/** Any failure to fetch the JWKS: refused, timed out, redirected, not 200, too large. */
export class JwksFetchError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(`JWKS fetch: ${message}`, options);
    this.name = 'JwksFetchError';
  }
}

export class TimeoutFetcher {
  constructor(
    private readonly timeoutMs: number,
    private readonly maxBytes = 64 * 1024,
  ) {}

  public async fetch(uri: string): Promise<ArrayBuffer> {
    let response: Response;
    let body: ArrayBuffer;
    try {
      response = await fetch(uri, { signal: AbortSignal.timeout(this.timeoutMs), redirect: 'error', headers: { accept: 'application/json' } });
      body = await response.arrayBuffer();
    } catch (error) {
      throw new JwksFetchError('request failed', { cause: error });
    }
    if (!response.ok) {
      throw new JwksFetchError(`expected 200, got ${response.status}`);
    }
    if (body.byteLength > this.maxBytes) {
      throw new JwksFetchError(`expected at most ${this.maxBytes} bytes, got ${body.byteLength}`);
    }
    return body;
  }
}
