import { NagMessageLevel } from 'cdk-nag';
import { findings, NOT_APPLICABLE, TemplateRule } from './rule';
import { coversPort, describe, sgRules } from './security-group-rules';

const OPEN = new Set(['0.0.0.0/0', '::/0']);

/**
 * Platform-wide: no security group admits traffic from the whole internet (0.0.0.0/0 or ::/0), no rule admits port 22
 * (or every port) from anywhere, and nothing declares an EC2 key pair: access to hosts is through SSM only.
 */
export const NoInternetOrSshIngress: TemplateRule = {
  id: 'NoInternetOrSshIngress',
  resourceTypes: ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress', 'AWS::EC2::LaunchTemplate', 'AWS::EC2::Instance', 'AWS::EC2::KeyPair'],
  judges: {
    'AWS::EC2::SecurityGroup': ['SecurityGroupIngress|allow-internet,allow-ssh,allow-neighbour', 'SecurityGroupIngress.*.CidrIp|cidr'],
    'AWS::EC2::SecurityGroupIngress': ['CidrIp|cidr'],
    'AWS::EC2::LaunchTemplate': ['LaunchTemplateData.KeyName'],
  },
  info: 'A security group admits the internet or port 22, or an EC2 key pair is declared.',
  explanation: 'DESIGN.md: no inbound from the internet, no SSH (no port 22, no key pairs; access via SSM). Public entry is only the control-plane API behind WAF.',
  level: NagMessageLevel.ERROR,
  controls: ['NET-2', 'SOC2-CC6.6', 'SOC2-CC6.1', 'HIPAA-164.312(a)(1)', 'GDPR-Art.25'],
  tenantIsolation: 'counts',
  check(resource, context) {
    if (resource.Type === 'AWS::EC2::KeyPair') {
      return ['KeyPair'];
    }
    if (resource.Type === 'AWS::EC2::LaunchTemplate' || resource.Type === 'AWS::EC2::Instance') {
      const props = resource.Properties ?? {};
      const keyName = resource.Type === 'AWS::EC2::Instance' ? props.KeyName : props.LaunchTemplateData?.KeyName;
      return findings(keyName === undefined ? [] : ['KeyName']);
    }
    const rules = sgRules(resource, 'ingress', context);
    if (rules.length === 0) {
      return resource.Type === 'AWS::EC2::SecurityGroup' ? findings([]) : NOT_APPLICABLE;
    }
    const problems: string[] = [];
    for (const rule of rules) {
      if (OPEN.has(rule.peer)) {
        problems.push(`Internet::${describe(rule)}`);
      }
      if (coversPort(rule, 22)) {
        problems.push(`Port22::${describe(rule)}`);
      }
    }
    return findings(problems);
  },
};
