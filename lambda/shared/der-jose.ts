/**
 * Strict conversion of the DER ECDSA signatures KMS returns to the fixed-size r||s (IEEE P1363) form JWS ES256
 * uses. Strict means DER, not BER: one definite short-form length per element, minimally encoded positive INTEGERs,
 * no trailing bytes. Anything else is refused, so one signature has exactly one accepted encoding (no malleability).
 */

/** Thrown for any signature that is not a strict DER ECDSA signature of the expected size. */
export class SignatureEncodingError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(`signature encoding: ${message}`, options);
    this.name = 'SignatureEncodingError';
  }
}

const SEQUENCE = 0x30;
const INTEGER = 0x02;

/** Converts a DER `SEQUENCE { INTEGER r, INTEGER s }` to `r || s`, each left-padded to `size` bytes (32 for P-256). */
export function derToJose(der: Uint8Array, size = 32): Buffer {
  const bytes = Buffer.from(der);
  if (bytes.length < 8 || bytes[0] !== SEQUENCE) {
    throw new SignatureEncodingError('must start with a DER SEQUENCE');
  }
  // A P-256 (and P-384) signature is at most 2 + 2 * (2 + size + 1) bytes; DER then needs the long form only above
  // 127 bytes, which this size never reaches: a long-form length here is BER and is refused.
  if (bytes[1] & 0x80) {
    throw new SignatureEncodingError('SEQUENCE length must use the short form');
  }
  if (bytes[1] !== bytes.length - 2) {
    throw new SignatureEncodingError(`SEQUENCE length must cover exactly the rest of the input, got ${bytes[1]} for ${bytes.length - 2} bytes`);
  }
  let offset = 2;
  const readInteger = (name: string): Buffer => {
    if (bytes[offset] !== INTEGER) {
      throw new SignatureEncodingError(`${name} must be a DER INTEGER`);
    }
    const length = bytes[offset + 1];
    if (length === undefined || length & 0x80 || length === 0) {
      throw new SignatureEncodingError(`${name} must have a short-form, non-zero length`);
    }
    const start = offset + 2;
    const end = start + length;
    if (end > bytes.length) {
      throw new SignatureEncodingError(`${name} must fit in the input`);
    }
    const value = bytes.subarray(start, end);
    if (value[0] & 0x80) {
      throw new SignatureEncodingError(`${name} must be positive`);
    }
    if (value.length > 1 && value[0] === 0x00 && !(value[1] & 0x80)) {
      throw new SignatureEncodingError(`${name} must be minimally encoded (no superfluous leading zero)`);
    }
    const magnitude = value[0] === 0x00 ? value.subarray(1) : value;
    if (magnitude.length > size) {
      throw new SignatureEncodingError(`${name} must be at most ${size} bytes, got ${magnitude.length}`);
    }
    if (magnitude.every((b) => b === 0)) {
      throw new SignatureEncodingError(`${name} must not be zero`);
    }
    offset = end;
    return magnitude;
  };
  const r = readInteger('r');
  const s = readInteger('s');
  if (offset !== bytes.length) {
    throw new SignatureEncodingError('must not have trailing bytes');
  }
  const out = Buffer.alloc(size * 2);
  r.copy(out, size - r.length);
  s.copy(out, size * 2 - s.length);
  return out;
}
