import { SignatureEncodingError } from '../../lambda/shared/der-jose';

const SEQUENCE = 0x30;
const INTEGER = 0x02;

/**
 * Converts `r || s` (IEEE P1363, as JWS ES256 carries it) to strict DER, the inverse of `derToJose` in
 * `lambda/shared/der-jose.ts`. Test-only: the signing path only ever converts KMS's DER to JOSE.
 */
export function joseToDer(signature: Uint8Array, size = 32): Buffer {
  if (signature.length !== size * 2) {
    throw new SignatureEncodingError(`must be ${size * 2} bytes, got ${signature.length}`);
  }
  const integer = (raw: Uint8Array) => {
    let i = 0;
    while (i < raw.length - 1 && raw[i] === 0) i++;
    let value = Buffer.from(raw.subarray(i));
    if (value[0] & 0x80) value = Buffer.concat([Buffer.from([0]), value]);
    return Buffer.concat([Buffer.from([INTEGER, value.length]), value]);
  };
  const body = Buffer.concat([integer(signature.subarray(0, size)), integer(signature.subarray(size))]);
  return Buffer.concat([Buffer.from([SEQUENCE, body.length]), body]);
}
