import { Stack } from 'aws-cdk-lib';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import { Construct } from 'constructs';

/** The AWS Foundational Security Best Practices standard, version 1.0.0, in this stack's region and partition. */
export function foundationalBestPracticesArn(scope: Construct): string {
  const stack = Stack.of(scope);
  return `arn:${stack.partition}:securityhub:${stack.region}::standards/aws-foundational-security-best-practices/v/1.0.0`;
}

/**
 * Security Hub with the AWS Foundational Security Best Practices standard, so GuardDuty findings and control results
 * land in one console. Default standards are off (only the one chosen here), new controls are enabled automatically,
 * and findings are consolidated per control.
 */
export class SecurityHub extends Construct {
  public readonly hub: securityhub.CfnHub;
  public readonly standard: securityhub.CfnStandard;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.hub = new securityhub.CfnHub(this, 'Resource', {
      enableDefaultStandards: false,
      autoEnableControls: true,
      controlFindingGenerator: 'SECURITY_CONTROL',
    });
    this.standard = new securityhub.CfnStandard(this, 'FoundationalBestPractices', { standardsArn: foundationalBestPracticesArn(this) });
    this.standard.addResourceDependency(this.hub);
  }
}
