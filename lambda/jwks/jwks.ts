import { createPublicKey } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { calculateJwkThumbprint, JWK } from 'jose';
import { PLAN_TOKEN } from '../../contracts/plan-token';

/** A public signing key as published: EC P-256, its RFC 7638 thumbprint as kid, ES256, signatures only. */
export interface PlanJwk {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
  readonly kid: string;
  readonly alg: 'ES256';
  readonly use: 'sig';
}

/** Reads one KMS key's public half and returns it as a JWK; refuses anything but an ECC_NIST_P256 signing key. */
export async function publicJwk(kms: KMSClient, keyId: string): Promise<PlanJwk> {
  const response = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
  if (response.KeySpec !== 'ECC_NIST_P256' || response.KeyUsage !== 'SIGN_VERIFY' || !response.SigningAlgorithms?.includes('ECDSA_SHA_256')) {
    throw new Error(`jwks: key ${keyId} must be an ECC_NIST_P256 SIGN_VERIFY key with ECDSA_SHA_256, got ${response.KeySpec}/${response.KeyUsage}`);
  }
  const jwk = createPublicKey({ key: Buffer.from(response.PublicKey!), format: 'der', type: 'spki' }).export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  return { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y!, kid, alg: PLAN_TOKEN.alg, use: 'sig' };
}

/**
 * The JWKS of the active signing keys (the current one and, during a rotation, the previous one), built from KMS and
 * cached in memory for `ttlMs`; a failed refresh keeps serving the last good set until it expires.
 */
export function createJwksProvider(kms: KMSClient, keyIds: readonly string[], ttlMs = 5 * 60 * 1000, now: () => number = Date.now) {
  let cached: { keys: PlanJwk[]; at: number } | undefined;
  return async (): Promise<{ keys: PlanJwk[] }> => {
    if (cached && now() - cached.at < ttlMs) {
      return { keys: cached.keys };
    }
    const keys = await Promise.all(keyIds.map((id) => publicJwk(kms, id)));
    cached = { keys, at: now() };
    return { keys };
  };
}
