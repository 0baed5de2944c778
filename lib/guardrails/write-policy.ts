import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GuardrailsConfig } from '../config/platform-config';
import { dataPerimeterPolicy } from './data-perimeter-policy';
import { regionDenyPolicy } from './region-policy';
import { SCP_MAX_CHARACTERS, tagProtectionPolicies } from './tag-protection-policy';

/**
 * Writes the tag-protection SCPs as `<outdir>/guardrails/tag-protection-scp-<n>.json`, minified (SCPs count whitespace
 * against their 5,120-character limit), for organizations managed outside this app. Without deploy roles configured
 * no SCP is written (the SCPs name exact roles; there is no safe default). With an organization id, the data-perimeter
 * RCP is written as `data-perimeter-rcp.json`; with allowed regions, the region-deny SCP as `region-deny-scp.json`.
 */
export function writeGuardrailPolicies(outdir: string, guardrails: Pick<GuardrailsConfig, 'deployRoleArns' | 'organizationId'> & Partial<Pick<GuardrailsConfig, 'allowedRegions'>>, hubRoutingRoleArns: readonly string[] = []): string[] {
  const { deployRoleArns, organizationId, allowedRegions = [] } = guardrails;
  const dir = join(outdir, 'guardrails');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  if (organizationId) {
    const path = join(dir, 'data-perimeter-rcp.json');
    writeFileSync(path, JSON.stringify(dataPerimeterPolicy(organizationId)) + '\n');
    written.push(path);
  }
  if (allowedRegions.length > 0) {
    const path = join(dir, 'region-deny-scp.json');
    writeFileSync(path, JSON.stringify(regionDenyPolicy(allowedRegions)) + '\n');
    written.push(path);
  }
  if (deployRoleArns.length === 0) {
    return written;
  }
  return [...written, ...tagProtectionPolicies({ deployRoleArns, hubRoutingRoleArns }).map((policy, i) => {
    const text = JSON.stringify(policy);
    if (text.length > SCP_MAX_CHARACTERS) {
      throw new Error(`tag-protection SCP ${i + 1}: the document must fit in ${SCP_MAX_CHARACTERS} characters, got ${text.length}`);
    }
    const path = join(dir, `tag-protection-scp-${i + 1}.json`);
    writeFileSync(path, text + '\n');
    return path;
  })];
}
