import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCP_MAX_CHARACTERS, tagProtectionPolicies } from './tag-protection-policy';

/**
 * Writes the tag-protection SCPs as `<outdir>/guardrails/tag-protection-scp-<n>.json`, minified (SCPs count whitespace
 * against their 5,120-character limit), for organizations managed outside this app. Without deploy roles configured
 * nothing is written (the SCPs name exact roles; there is no safe default).
 */
export function writeTagProtectionPolicy(outdir: string, deployRoleArns: readonly string[]): string[] {
  const dir = join(outdir, 'guardrails');
  rmSync(dir, { recursive: true, force: true });
  if (deployRoleArns.length === 0) {
    return [];
  }
  mkdirSync(dir, { recursive: true });
  return tagProtectionPolicies({ deployRoleArns }).map((policy, i) => {
    const text = JSON.stringify(policy);
    if (text.length > SCP_MAX_CHARACTERS) {
      throw new Error(`tag-protection SCP ${i + 1}: the document must fit in ${SCP_MAX_CHARACTERS} characters, got ${text.length}`);
    }
    const path = join(dir, `tag-protection-scp-${i + 1}.json`);
    writeFileSync(path, text + '\n');
    return path;
  });
}
