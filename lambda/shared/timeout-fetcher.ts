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
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new JwksFetchError(`no complete answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    try {
      let response: Response;
      try {
        response = await fetch(uri, { signal: abort.signal, redirect: 'error', headers: { accept: 'application/json' } });
      } catch (error) {
        throw new JwksFetchError('request failed', { cause: error });
      }
      if (response.status !== 200) {
        throw new JwksFetchError(`expected 200, got ${response.status}`);
      }
      return await this.boundedBody(response);
    } finally {
      clearTimeout(timer);
      // Whatever the outcome, nothing more is read: a body we stopped reading is dropped with its connection.
      abort.abort();
    }
  }

  /**
   * The body, read chunk by chunk and abandoned as soon as it passes the cap: a hostile or broken endpoint that
   * streams without end costs at most `maxBytes` (plus one chunk) of memory, never what it sends within the timeout.
   */
  private async boundedBody(response: Response): Promise<ArrayBuffer> {
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > this.maxBytes) {
      throw new JwksFetchError(`expected at most ${this.maxBytes} bytes, got a declared ${declared}`);
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      const reader = response.body?.getReader();
      for (let next = await reader?.read(); next && !next.done; next = await reader!.read()) {
        total += next.value.byteLength;
        if (total > this.maxBytes) {
          await reader!.cancel().catch(() => undefined);
          throw new JwksFetchError(`expected at most ${this.maxBytes} bytes, got more`);
        }
        chunks.push(next.value);
      }
    } catch (error) {
      throw error instanceof JwksFetchError ? error : new JwksFetchError('reading the body failed', { cause: error });
    }
    const body = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      body.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return body.buffer;
  }
}
