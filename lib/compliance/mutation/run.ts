/**
 * Mutation testing of the gate: every value the TenantBaseline rules declare they judge (`judges`), in every resource
 * of every template, is changed the way operators.ts describes, one change per mutant, and the rules judge the mutated
 * stack again. A mutant is killed when a finding appears that the unmutated stack does not have; a survivor is a change
 * the gate would let through green.
 */
import { judgeTemplates, NamedTemplate, RuleIndex, stackLabel } from '../gate/judge';
import { TemplateResource, TemplateRule } from '../rules';
import { planForRegion, PlatformTopology } from '../topology';
import { Change, changesFor, widenedRules, widenedStatements } from './operators';
import { expand, placeName, setAt } from './paths';

/** One mutant: where, and what was changed. */
export interface Mutant {
  readonly stack: string;
  readonly logicalId: string;
  readonly resourceType: string;
  /** The mutated place below Properties, e.g. `MetadataOptions.HttpTokens`; empty for an added resource. */
  readonly place: string;
  readonly kind: string;
}

export interface MutationReport {
  readonly mutants: number;
  readonly killed: number;
  readonly survivors: readonly Mutant[];
  /** Mutants per resource type, for the coverage picture. */
  readonly perType: Readonly<Record<string, { mutants: number; killed: number }>>;
  /** The findings of the unmutated templates (the real gate acknowledges or fails them); a mutant must add one. */
  readonly baseline: readonly string[];
}

/** Resources nobody planned: each added to every stack must be a finding. */
export const UNPLANNED_RESOURCES: readonly TemplateResource[] = [
  { Type: 'AWS::EC2::VPCPeeringConnection', Properties: { VpcId: 'vpc-0123456789abcdef0', PeerVpcId: 'vpc-0fedcba9876543210' } },
  { Type: 'AWS::IAM::User', Properties: {} },
  { Type: 'AWS::Lambda::Url', Properties: { AuthType: 'NONE', TargetFunctionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:x' } },
  { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-0123456789abcdef0' } },
];

interface Candidate {
  readonly mutant: Mutant;
  readonly apply: (resources: Record<string, TemplateResource>) => void;
}

/** Every mutant of one stack, in a stable order. */
export function candidates(named: NamedTemplate, topology: PlatformTopology, declaring: readonly TemplateRule[]): Candidate[] {
  const { stackName, template } = named;
  // The mutants of a region's template are drawn from that region's plan (the judging picks it the same way).
  const context = { stackName, template, topology: planForRegion(topology, named.region) ?? topology };
  const label = stackLabel(named, topology);
  const list: Candidate[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    // A rule may judge a type it is not registered on (the stage's rule reads its web ACL): every declaration counts.
    const paths = new Set(declaring.flatMap((rule) => rule.judges?.[resource.Type] ?? []));
    const seen = new Set<string>();
    for (const declared of [...paths].sort()) {
      // `path|op,op`: the rule judges only these changes of the value (e.g. widening a statement list, not shortening it).
      const [path, only] = declared.split('|');
      const allowed = only?.split(',');
      for (const found of expand(resource.Properties, path)) {
        const place = placeName(found.keys);
        if (seen.has(`${place}|${only ?? ''}`)) {
          continue;
        }
        seen.add(`${place}|${only ?? ''}`);
        const changes: Change[] = changesFor(found.value, context, `${resource.Type} ${place}`);
        // `set:<value>`: a realistic value the declaration names (an enumeration's weaker member, say).
        for (const op of allowed?.filter((o) => o.startsWith('set:')) ?? []) {
          const raw = op.slice('set:'.length);
          const value = typeof found.value === 'number' ? Number(raw) : raw;
          if (value !== found.value) {
            changes.push({ kind: op, value });
          }
        }
        const last = found.keys[found.keys.length - 1];
        const appended = last === 'Statement' ? widenedStatements() : last === 'SecurityGroupIngress' ? widenedRules('ingress', context) : last === 'SecurityGroupEgress' ? widenedRules('egress', context) : [];
        if (Array.isArray(found.value)) {
          changes.push(...appended.map((c) => ({ kind: c.kind, value: [...(found.value as unknown[]), c.value] })));
        }
        for (const change of changes.filter((c) => !allowed || allowed.some((op) => c.kind === op || c.kind.startsWith(`${op}->`)))) {
          list.push({
            mutant: { stack: label, logicalId, resourceType: resource.Type, place, kind: change.kind },
            apply: (resources) => setAt(resources[logicalId].Properties as Record<string, unknown>, found.keys, structuredClone(change.value)),
          });
        }
      }
    }
  }
  for (const extra of UNPLANNED_RESOURCES) {
    list.push({
      mutant: { stack: label, logicalId: 'MutantUnplannedResource', resourceType: extra.Type, place: '', kind: `add-resource` },
      apply: (resources) => {
        resources.MutantUnplannedResource = structuredClone(extra);
      },
    });
  }
  return list;
}

export interface MutationOptions {
  /** Keep only some mutants (a sample for npm test): called with each mutant's position in the stable order. */
  readonly sample?: (position: number) => boolean;
  /** The rules that judge the mutants. @default - the whole pack */
  readonly index?: RuleIndex;
  /** The rules whose `judges` declarations say what to mutate. @default - the judging rules */
  readonly judgedBy?: readonly TemplateRule[];
  /** Sees every mutant judged: its stack, its mutated template and whether the gate killed it (the hook is compared with this). */
  readonly observe?: (mutant: Mutant, template: NamedTemplate, killed: boolean) => void;
}

/** Runs every mutant of every template and reports the kill score and the survivors. */
export function mutateAndJudge(templates: readonly NamedTemplate[], topology: PlatformTopology, options: MutationOptions = {}): MutationReport {
  const index = options.index ?? new RuleIndex();
  const survivors: Mutant[] = [];
  const perType: Record<string, { mutants: number; killed: number }> = {};
  let mutants = 0;
  let killed = 0;
  let position = 0;
  const baselines: string[] = [];
  for (const named of templates) {
    const baseline = new Set(judgeTemplates([named], topology, index));
    baselines.push(...baseline);
    for (const candidate of candidates(named, topology, options.judgedBy ?? index.rules)) {
      if (options.sample && !options.sample(position++)) {
        continue;
      }
      // A mutant changes one resource: that one is copied, the others are shared with the original (the rules only read).
      const resources: Record<string, TemplateResource> = { ...named.template.Resources };
      const target = resources[candidate.mutant.logicalId];
      if (target !== undefined) {
        resources[candidate.mutant.logicalId] = structuredClone(target);
      }
      const template = { ...named.template, Resources: resources };
      candidate.apply(resources);
      const mutated = { stackName: named.stackName, template, ...(named.region !== undefined ? { region: named.region } : {}) };
      const found = judgeTemplates([mutated], topology, index);
      const isKilled = found.some((f) => !baseline.has(f));
      options.observe?.(candidate.mutant, mutated, isKilled);
      const tally = (perType[candidate.mutant.resourceType] ??= { mutants: 0, killed: 0 });
      tally.mutants++;
      mutants++;
      if (isKilled) {
        tally.killed++;
        killed++;
      } else {
        survivors.push(candidate.mutant);
      }
    }
  }
  return { mutants, killed, survivors, perType, baseline: baselines };
}
