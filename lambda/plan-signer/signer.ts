import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { calculateJwkThumbprint, JWK } from 'jose';
import { canonicalize, CanonicalizationError } from '../../contracts/canonical-json';
import { valueWithin } from '../shared/bounded-json';
import { derToJose } from '../shared/der-jose';
import { dataPlaneAudience, PLAN_TOKEN } from '../../contracts/plan-token';

export type PlanRejectReason = 'UNKNOWN_TENANT' | 'PLAN_TOO_LARGE' | 'PLAN_NOT_JSON' | 'PLAN_TOO_DEEP' | 'SIGNING_INPUT_TOO_LARGE';

export class PlanRejected extends Error {
  constructor(public readonly reason: PlanRejectReason, detail?: string, options?: ErrorOptions) {
    super(`plan rejected: ${reason}${detail ? ` (${detail})` : ''}`, options);
    this.name = 'PlanRejected';
  }
}

/** KMS signs a RAW message of at most this many bytes. */
export const KMS_RAW_MESSAGE_LIMIT = 4096;
export const DEFAULT_MAX_PLAN_BYTES = 256 * 1024;

export interface PlanSignerOptions {
  readonly kms: KMSClient;
  /** The active signing key (ARN or alias). */
  readonly keyId: string;
  /** `iss`: the control-plane API endpoint. */
  readonly issuer: string;
  /** Tenants this control plane serves; any other is refused. */
  readonly tenants: ReadonlySet<string>;
  /** Largest plan accepted, in bytes of its canonical form. @default 256 KiB */
  readonly maxPlanBytes?: number;
  readonly now?: () => number;
}

export interface SignedPlan {
  readonly token: string;
  readonly kid: string;
  readonly jti: string;
  readonly exp: number;
}

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * The plan signer: canonicalises the plan (RFC 8785), hashes it (SHA-256), builds a compact JWS whose header names the
 * key by its RFC 7638 thumbprint, and has KMS sign the signing input once (ECDSA_SHA_256, RAW). The plan itself is
 * not in the token, only its digest, which keeps the signing input far under KMS's 4096-byte RAW limit whatever the
 * plan's size. The key's public half is read once per container to compute the thumbprint.
 */
export function createPlanSigner(options: PlanSignerOptions) {
  const maxPlanBytes = options.maxPlanBytes ?? DEFAULT_MAX_PLAN_BYTES;
  const now = options.now ?? Date.now;
  let kid: Promise<string> | undefined;

  const thumbprint = async (): Promise<string> => {
    const { PublicKey } = await options.kms.send(new GetPublicKeyCommand({ KeyId: options.keyId }));
    const jwk = createPublicKey({ key: Buffer.from(PublicKey!), format: 'der', type: 'spki' }).export({ format: 'jwk' }) as JWK;
    if (jwk.kty !== 'EC' || jwk.crv !== 'P-256') {
      throw new Error(`plan signer: the signing key must be ECC_NIST_P256, got ${jwk.kty}/${jwk.crv}`);
    }
    return calculateJwkThumbprint(jwk, 'sha256');
  };

  return async (tenantId: string, plan: unknown): Promise<SignedPlan> => {
    if (!options.tenants.has(tenantId)) {
      throw new PlanRejected('UNKNOWN_TENANT');
    }
    if (!valueWithin(plan, PLAN_TOKEN.maxPlanDepth)) {
      throw new PlanRejected('PLAN_TOO_DEEP');
    }
    let canonical: string;
    try {
      canonical = canonicalize(plan);
    } catch (error) {
      if (error instanceof CanonicalizationError) throw new PlanRejected('PLAN_NOT_JSON', error.message, { cause: error });
      throw error;
    }
    const planBytes = Buffer.byteLength(canonical, 'utf8');
    if (planBytes > maxPlanBytes) {
      throw new PlanRejected('PLAN_TOO_LARGE', `${planBytes} > ${maxPlanBytes} bytes`);
    }
    kid ??= thumbprint().catch((error) => {
      kid = undefined; // a failed lookup is retried on the next plan, not cached
      throw error;
    });
    const header = { alg: PLAN_TOKEN.alg, typ: PLAN_TOKEN.typ, kid: await kid };
    const iat = Math.floor(now() / 1000);
    const jti = b64url(randomBytes(16));
    const claims = {
      iss: options.issuer,
      sub: tenantId,
      aud: dataPlaneAudience(tenantId),
      iat,
      exp: iat + PLAN_TOKEN.lifetimeSeconds,
      jti,
      [PLAN_TOKEN.digestClaim]: createHash('sha256').update(canonical, 'utf8').digest('base64url'),
    };
    const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    if (Buffer.byteLength(signingInput) > KMS_RAW_MESSAGE_LIMIT) {
      throw new PlanRejected('SIGNING_INPUT_TOO_LARGE');
    }
    const { Signature } = await options.kms.send(
      new SignCommand({ KeyId: options.keyId, Message: Buffer.from(signingInput), MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }),
    );
    const signature = derToJose(Buffer.from(Signature!));
    return { token: `${signingInput}.${signature.toString('base64url')}`, kid: header.kid, jti, exp: claims.exp };
  };
}
