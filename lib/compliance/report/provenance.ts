import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The repository root (this file is lib/compliance/report/provenance.ts). */
export const REPO_ROOT = join(__dirname, '..', '..', '..');

/** What the synthesized app depends on besides its configuration: the app, constructs, handlers, flags and lock file. */
export const SOURCE_PATHS = ['bin', 'contracts', 'lib', 'lambda', 'cdk.json', 'package-lock.json'] as const;

function filesUnder(path: string): string[] {
  if (!existsSync(path)) {
    return [];
  }
  if (!statSync(path).isDirectory()) {
    return [path];
  }
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

/** SHA-256 over the relative path and content of every source file, in a fixed order. */
export function sourceSha256(root: string = REPO_ROOT): string {
  const hash = createHash('sha256');
  for (const file of SOURCE_PATHS.flatMap((p) => filesUnder(join(root, p)))) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export function fileSha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
