import { NagMessageLevel } from 'cdk-nag';
import { HUB_PARAMETERS } from '../../../contracts/ssm-parameters';
import { hubSharePrincipals } from '../../config/account-plan';
import { findings, TemplateRule } from './rule';
import { asList, text } from './template';

/** `arn:<partition>:<service>:<region>:${AWS::AccountId}:<rest>` as the template renders an ARN of this stack. */
const OWN_ARN = /^arn:[^:]+:(ec2|ssm):[^:]+:\$\{AWS::AccountId\}:(.*)$/;

/** Which of the two planned resources an ARN of the share names: the hub's transit gateway, or its id parameter. */
function sharedResource(value: unknown, resources: Record<string, { Type: string; Properties?: Record<string, any> }>): 'transit-gateway' | 'parameter' | undefined {
  const match = OWN_ARN.exec(text(value));
  const ref = (s: string, prefix: string) => (s.startsWith(prefix) ? /^\$\{([A-Za-z0-9]+)\}$/.exec(s.slice(prefix.length))?.[1] : undefined);
  if (match?.[1] === 'ec2') {
    const id = ref(match[2], 'transit-gateway/');
    return id !== undefined && resources[id]?.Type === 'AWS::EC2::TransitGateway' ? 'transit-gateway' : undefined;
  }
  if (match?.[1] === 'ssm') {
    const id = ref(match[2], 'parameter');
    const parameter = id === undefined ? undefined : resources[id];
    return parameter?.Type === 'AWS::SSM::Parameter' && parameter.Properties?.Name === HUB_PARAMETERS.transitGatewayId ? 'parameter' : undefined;
  }
  return undefined;
}

/**
 * The hub's RAM share is the only resource share of the platform: in the network hub stack, only when tenants live in
 * other accounts, inside the organization (AllowExternalPrincipals false), with exactly the accounts that host tenants
 * as principals, and sharing exactly the hub's transit gateway and its id parameter with the default permissions. A
 * share with another account lets that account's VPCs ask to join the hub; a share of anything else hands it out.
 */
export const HubShareAsPlanned: TemplateRule = {
  id: 'HubShareAsPlanned',
  resourceTypes: ['AWS::RAM::ResourceShare', 'AWS::RAM::Permission'],
  judges: { 'AWS::RAM::ResourceShare': ['AllowExternalPrincipals', 'Principals', 'Principals.*', 'ResourceArns', 'ResourceArns.*'] },
  info: 'A RAM resource share outside the hub, or with principals, resources or permissions other than the planned tenant accounts and the hub.',
  explanation: 'DESIGN.md: tenants reach no other tenant. The hub is shared with exactly the accounts that host tenants, inside the organization; its attachments are then still accepted and routed by the hub owner only.',
  level: NagMessageLevel.ERROR,
  controls: ['NET-3', 'SOC2-CC6.1', 'SOC2-CC6.6'],
  acknowledgeable: false,
  check(resource, context) {
    if (resource.Type === 'AWS::RAM::Permission') {
      return ['Unplanned::AWS::RAM::Permission'];
    }
    const planned = hubSharePrincipals(context.topology.config);
    if (context.role.kind !== 'network-hub' || planned.length === 0) {
      return [`Unplanned::${context.role.kind}`];
    }
    const p = resource.Properties ?? {};
    const problems: string[] = [];
    if (p.AllowExternalPrincipals !== false && p.AllowExternalPrincipals !== 'false') {
      problems.push(`AllowExternalPrincipals::${text(p.AllowExternalPrincipals ?? 'unset (true)')}`);
    }
    const principals = asList<unknown>(p.Principals).map(text);
    problems.push(...principals.filter((x) => !planned.includes(x)).map((x) => `Principal::${x}`));
    problems.push(...planned.filter((x) => !principals.includes(x)).map((x) => `MissingPrincipal::${x}`));
    const shared = asList<unknown>(p.ResourceArns).map((arn) => sharedResource(arn, context.template.Resources ?? {}) ?? `Resource::${text(arn)}`);
    problems.push(...shared.filter((s) => s.startsWith('Resource::')));
    for (const expected of ['transit-gateway', 'parameter']) {
      if (shared.filter((s) => s === expected).length !== 1) {
        problems.push(`Shares::${expected}::${shared.filter((s) => s === expected).length}`);
      }
    }
    if (p.PermissionArns !== undefined) {
      problems.push('PermissionArns::not-the-default');
    }
    if (p.Sources !== undefined) {
      problems.push('Sources::set');
    }
    return findings(problems);
  },
};
