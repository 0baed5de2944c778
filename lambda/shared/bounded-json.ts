/**
 * JSON with limits checked before any parsing: a single iterative pass over the raw text counts the nesting depth of
 * arrays and objects (skipping strings, so a bracket inside a string does not count), and refuses text longer or
 * deeper than allowed. Only then is JSON.parse called, on text that can no longer exhaust the stack of anything that
 * walks the result recursively (canonicalisation, a reviver). Nothing here recurses.
 */
export type JsonLimitReason = 'TOO_LARGE' | 'TOO_DEEP' | 'NOT_JSON';

export class JsonLimitError extends Error {
  constructor(public readonly reason: JsonLimitReason, options?: ErrorOptions) {
    super(`bounded JSON: ${reason}`, options);
    this.name = 'JsonLimitError';
  }
}

export interface JsonLimits {
  /** Longest text accepted, in UTF-16 code units (the caller bounds bytes before decoding). */
  readonly maxLength: number;
  /** Deepest nesting accepted: `{}` and `[]` are depth 1, `{"a":[1]}` depth 2. */
  readonly maxDepth: number;
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether `text` holds at most `limit` opening brackets and braces in all (in strings too): if so its depth cannot
 * exceed `limit`, and the character-by-character scan is not needed. Native `indexOf`, so cheap on the usual token.
 */
function fewOpeners(text: string, limit: number): boolean {
  let count = 0;
  for (const opener of ['{', '[']) {
    for (let i = text.indexOf(opener); i !== -1; i = text.indexOf(opener, i + 1)) {
      if (++count > limit) return false;
    }
  }
  return true;
}

/** The nesting depth of JSON text, or Infinity once it passes `maxDepth` (the scan stops there). */
export function jsonDepth(text: string, maxDepth: number): number {
  let depth = 0;
  let deepest = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Skip the string; an escaped character never ends it. An unterminated string ends the scan: JSON.parse refuses it.
      for (i++; i < n; i++) {
        const s = text.charCodeAt(i);
        if (s === BACKSLASH) i++;
        else if (s === QUOTE) break;
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) return Infinity;
      if (depth > deepest) deepest = depth;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return deepest;
}

/** Parses JSON text within `limits`; throws JsonLimitError (never RangeError, never SyntaxError). */
export function parseBoundedJson(text: string, limits: JsonLimits): unknown {
  if (text.length > limits.maxLength) throw new JsonLimitError('TOO_LARGE');
  if (!fewOpeners(text, limits.maxDepth) && jsonDepth(text, limits.maxDepth) === Infinity) throw new JsonLimitError('TOO_DEEP');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new JsonLimitError('NOT_JSON', { cause: error });
  }
}

/** Parses JSON text that must be an object (a JWS header, a claims set, a request body). */
export function parseBoundedObject(text: string, limits: JsonLimits): Record<string, unknown> {
  const value = parseBoundedJson(text, limits);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new JsonLimitError('NOT_JSON');
  return value as Record<string, unknown>;
}

/**
 * Whether an already-parsed value (e.g. a Lambda invocation payload) nests no deeper than `maxDepth`, and holds no
 * more than `maxNodes` values: an explicit-stack walk, so a hostile value cannot overflow it either.
 */
export function valueWithin(value: unknown, maxDepth: number, maxNodes = 100_000): boolean {
  const stack: Array<{ v: unknown; d: number }> = [{ v: value, d: 0 }];
  let nodes = 1;
  while (stack.length > 0) {
    const { v, d } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d + 1 > maxDepth) return false;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (++nodes > maxNodes) return false;
      stack.push({ v: child, d: d + 1 });
    }
  }
  return true;
}
