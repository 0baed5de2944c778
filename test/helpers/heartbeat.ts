import { createPrivateKey, KeyObject, sign } from 'node:crypto';
import { Heartbeat, HeartbeatFields, heartbeatSigningBytes } from '../../contracts/heartbeat-format';

/**
 * The sidecar side of the heartbeat format (docs/heartbeats.md): signs the fields with an Ed25519 private key and
 * returns the complete heartbeat. Used by the tests and the heartbeat benchmark; no handler signs heartbeats.
 */
export function signHeartbeat(privateKey: KeyObject | string, fields: HeartbeatFields): Heartbeat {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  const signature = sign(null, heartbeatSigningBytes(fields), key).toString('base64');
  return { ...fields, signature };
}
