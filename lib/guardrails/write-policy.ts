import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCP_MAX_CHARACTERS, tagProtectionPolicy } from './tag-protection-policy';

/**
 * Writes the tag-protection SCP as `<outdir>/guardrails/tag-protection-scp.json`, minified (SCPs count whitespace
 * against their 5,120-character limit), for organizations managed outside this app.
 */
export function writeTagProtectionPolicy(outdir: string, deployRoleArns: readonly string[]): string {
  const text = JSON.stringify(tagProtectionPolicy({ deployRoleArns }));
  if (text.length > SCP_MAX_CHARACTERS) {
    throw new Error(`tag-protection SCP: the document must fit in ${SCP_MAX_CHARACTERS} characters, got ${text.length}`);
  }
  const dir = join(outdir, 'guardrails');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'tag-protection-scp.json');
  writeFileSync(path, text + '\n');
  return path;
}
