import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from './app';

/**
 * Where the Wycheproof vectors are: $WYCHEPROOF_DIR, else ../shared/vectors/wycheproof beside the repository (as in CI).
 * A user's clean clone has neither; the conformance suites then say plainly that they were skipped.
 */
export function wycheproofDir(): string | undefined {
  const candidates = [process.env.WYCHEPROOF_DIR, resolve(REPO_ROOT, '..', 'shared', 'vectors', 'wycheproof')].filter((d): d is string => !!d);
  return candidates.find((d) => existsSync(join(d, 'ecdsa_secp256r1_sha256_test.json')));
}

export function loadVectors<T>(file: string): T {
  const dir = wycheproofDir();
  if (!dir) throw new Error('Wycheproof vectors not found');
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
}

export interface EcdsaVectorFile {
  testGroups: Array<{ publicKeyPem: string; publicKeyDer: string; publicKeyJwk?: Record<string, string>; tests: Array<{ tcId: number; comment: string; msg: string; sig: string; result: 'valid' | 'invalid' | 'acceptable'; flags: string[] }> }>;
}

/** `describe`, or a skipped `describe` with a plain notice when the vectors are not available. */
export function describeWithVectors(name: string, body: () => void): void {
  if (wycheproofDir()) {
    describe(name, body);
    return;
  }
  // One plain line in the log (console.warn would add jest's stack block around it).
  process.stderr.write(`SKIPPED: ${name} (Wycheproof vectors not found: set WYCHEPROOF_DIR or place them in ../shared/vectors/wycheproof)\n`);
  // The body is not run (it would load the missing files); one skipped placeholder keeps the skip visible in the report.
  const skipped = describe.skip;
  skipped(name, () => {
    test('needs the Wycheproof vectors', () => undefined);
  });
}
