import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IConstruct } from 'constructs';
import { collectAcknowledgements } from './acknowledgement-audit';
import { ACKNOWLEDGEMENTS, AcknowledgementEntry } from './acknowledgements';

/** The directory inside the cloud assembly where the gate writes what it found. */
export const COMPLIANCE_DIR = 'compliance';

/**
 * Writes the register of acknowledged findings to `<outdir>/compliance/`: JSON (stable ordering) for machines and
 * Markdown for a reviewer, one section per catalog entry with every resource it was attached to.
 */
export function writeAcknowledgementRegister(root: IConstruct, outdir: string, checks: readonly string[]): string {
  const records = collectAcknowledgements(root);
  const dir = join(outdir, COMPLIANCE_DIR);
  mkdirSync(dir, { recursive: true });
  const entries = Object.entries(ACKNOWLEDGEMENTS as Record<string, AcknowledgementEntry>).sort(([a], [b]) => a.localeCompare(b));
  const register = {
    checks,
    acknowledgements: records,
    catalog: entries.map(([key, entry]) => ({
      key,
      ...entry,
      appliedTo: [...new Set(records.filter((r) => r.catalogKey === key).map((r) => r.constructPath))],
    })),
  };
  writeFileSync(join(dir, 'acknowledgements.json'), JSON.stringify(register, undefined, 2) + '\n');

  const md: string[] = ['# Acknowledged compliance findings', '', `Checks run: ${checks.join(', ')}.`, ''];
  md.push(`${records.length} acknowledgement(s) of ${register.catalog.length} reviewed catalog entr${register.catalog.length === 1 ? 'y' : 'ies'} (lib/compliance/acknowledgements.ts).`, '');
  for (const entry of register.catalog) {
    md.push(`## ${entry.key}`, '', `- Rules: ${entry.ruleIds.map((r) => `\`${r}\``).join(', ')}`, `- Resource types: ${entry.resourceTypes.join(', ')}`, `- Reason: ${entry.reason}`);
    md.push(`- Attached to (${entry.appliedTo.length}):`, ...entry.appliedTo.map((p) => `  - \`${p}\``), '');
  }
  const mdPath = join(dir, 'acknowledgements.md');
  writeFileSync(mdPath, md.join('\n'));
  return mdPath;
}
