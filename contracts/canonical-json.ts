/**
 * RFC 8785 JSON Canonicalization Scheme: the one byte sequence a JSON value hashes to, whatever the key order or
 * whitespace it arrived with. Object members are sorted by their names' UTF-16 code units; numbers and strings are
 * serialised as ECMAScript's JSON.stringify does (which RFC 8785 adopts); no whitespace. Input outside I-JSON is
 * refused: non-finite numbers, lone surrogates, and values JSON cannot carry.
 */
export class CanonicalizationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(`canonical JSON: ${message}`, options);
    this.name = 'CanonicalizationError';
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function canonicalize(value: unknown, path = '$'): string {
  if (value === null || typeof value === 'boolean') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new CanonicalizationError(`${path} must be a finite number, got ${value}`);
    }
    return JSON.stringify(value);
  }
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) {
      throw new CanonicalizationError(`${path} must be valid Unicode (it has a lone surrogate)`);
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item, i) => canonicalize(item, `${path}[${i}]`)).join(',')}]`;
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value as object).sort(compareUtf16);
    const members = keys.map((key) => {
      if (LONE_SURROGATE.test(key)) {
        throw new CanonicalizationError(`${path} has a member name with a lone surrogate`);
      }
      return `${JSON.stringify(key)}:${canonicalize((value as Record<string, unknown>)[key], `${path}.${key}`)}`;
    });
    return `{${members.join(',')}}`;
  }
  throw new CanonicalizationError(`${path} must be JSON (null, boolean, number, string, array or object), got ${typeof value}`);
}

/** Orders strings by UTF-16 code units, as RFC 8785 requires (not by locale, not by code point). */
function compareUtf16(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
