/**
 * Synthesized CloudFormation templates as the preflight reads them, and the one piece of cross-stack knowledge it
 * needs: the platform's stacks reach each other through SSM parameters (a template parameter of type
 * `AWS::SSM::Parameter::Value<...>` whose default is a parameter name that another stack's `AWS::SSM::Parameter`
 * publishes), so a tenant's Transit Gateway attachment can be traced to the hub's Transit Gateway by reading templates.
 */

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
  readonly Parameters?: Record<string, { readonly Type?: string; readonly Default?: unknown }>;
}

/** One stack's template and where it is placed. */
export interface StackTemplate {
  readonly stackName: string;
  /** The pinned account. @default - the deploying credentials' account */
  readonly account?: string;
  /** The pinned region. @default - the deploying profile's region */
  readonly region?: string;
  readonly template: CfnTemplate;
}

/** A resource of one stack, named `<stack>/<logicalId>` across the placement. */
export interface PlacedResource {
  readonly id: string;
  readonly stack: StackTemplate;
  readonly logicalId: string;
  readonly type: string;
  readonly props: Record<string, unknown>;
}

/** Every resource of the stacks, optionally only of the given types. */
export function resourcesOf(stacks: readonly StackTemplate[], ...types: string[]): PlacedResource[] {
  return stacks.flatMap((stack) =>
    Object.entries(stack.template.Resources ?? {})
      .filter(([, r]) => types.length === 0 || types.includes(r.Type))
      .map(([logicalId, r]) => ({ id: `${stack.stackName}/${logicalId}`, stack, logicalId, type: r.Type, props: r.Properties ?? {} })),
  );
}

/**
 * Resolves the references between the stacks of one placement: `Ref`/`Fn::GetAtt` to a resource of the same stack,
 * and SSM-parameter template parameters to the resource whose id another stack publishes under that name.
 */
export class TemplateResolver {
  private readonly byId = new Map<string, PlacedResource>();
  private readonly published = new Map<string, string>();

  constructor(stacks: readonly StackTemplate[]) {
    for (const resource of resourcesOf(stacks)) {
      this.byId.set(resource.id, resource);
    }
    for (const parameter of resourcesOf(stacks, 'AWS::SSM::Parameter')) {
      const target = refName(parameter.props.Value);
      if (typeof parameter.props.Name === 'string' && target !== undefined) {
        this.published.set(parameter.props.Name, `${parameter.stack.stackName}/${target}`);
      }
    }
  }

  /**
   * A stable key for what a value points at: `<stack>/<logicalId>` for a resource of the placement, `ssm:<name>` for
   * an SSM parameter no stack here publishes, the literal for a string, else the value's JSON.
   */
  key(stack: StackTemplate, value: unknown): string {
    if (typeof value === 'string') {
      return value;
    }
    const name = refName(value) ?? getAttName(value);
    if (name !== undefined) {
      if (stack.template.Resources?.[name]) {
        return `${stack.stackName}/${name}`;
      }
      const parameter = stack.template.Parameters?.[name];
      if (parameter && typeof parameter.Default === 'string' && parameter.Type?.startsWith('AWS::SSM::Parameter::Value')) {
        return this.published.get(parameter.Default) ?? `ssm:${parameter.Default}`;
      }
    }
    return JSON.stringify(value);
  }

  /** The resource a value points at, when it is one of the placement's. */
  resource(stack: StackTemplate, value: unknown): PlacedResource | undefined {
    return this.byId.get(this.key(stack, value));
  }

  /**
   * The Availability Zone of a subnet: its literal name, or `AZ #<n>` for CDK's environment-agnostic
   * `Fn::Select [n-1, Fn::GetAZs '']` (the n-th zone of whatever region the stack is deployed to).
   */
  availabilityZone(stack: StackTemplate, subnetRef: unknown): string {
    const subnet = this.resource(stack, subnetRef);
    const az = subnet?.props.AvailabilityZone;
    if (typeof az === 'string') {
      return az;
    }
    const select = (az as { 'Fn::Select'?: unknown[] } | undefined)?.['Fn::Select'];
    if (Array.isArray(select) && typeof select[0] === 'number' && (select[1] as Record<string, unknown>)?.['Fn::GetAZs'] !== undefined) {
      return `AZ #${select[0] + 1}`;
    }
    return `unresolved AZ of ${this.key(stack, subnetRef)}`;
  }
}

function refName(value: unknown): string | undefined {
  const ref = (value as { Ref?: unknown } | undefined)?.Ref;
  return typeof ref === 'string' ? ref : undefined;
}

function getAttName(value: unknown): string | undefined {
  const getAtt = (value as { 'Fn::GetAtt'?: unknown } | undefined)?.['Fn::GetAtt'];
  return Array.isArray(getAtt) && typeof getAtt[0] === 'string' ? getAtt[0] : undefined;
}

/** A list property (subnet ids, stages), or none. */
export function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A CloudFormation number, which templates often write as a string (`"MinSize": "1"`). */
export function numberOf(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** A CloudFormation boolean (`true` or `"true"`). */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** `n` followed by the noun, plural unless n is 1. */
export function countOf(n: number, noun: string, plural = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : plural}`;
}
