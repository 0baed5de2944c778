import { StackProps } from 'aws-cdk-lib';
import { PlatformStack } from './platform-stack';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct } from 'constructs';
import { GuardrailsConfig } from '../config/platform-config';
import { dataPerimeterPolicy } from '../guardrails/data-perimeter-policy';
import { regionDenyPolicy } from '../guardrails/region-policy';
import { tagProtectionPolicies } from '../guardrails/tag-protection-policy';
import { PLATFORM_PREFIX } from '../naming';

export interface OrganizationGuardrailsStackProps extends StackProps {
  readonly guardrails: GuardrailsConfig;
}

/**
 * Optional: the tag-protection SCP as an AWS Organizations policy attached to the configured roots, OUs or accounts.
 * Deploy it in the organization's management account. Teams whose organization is managed elsewhere use the JSON
 * documents the app writes to `cdk.out/guardrails/tag-protection-scp-<n>.json` instead.
 */
export class OrganizationGuardrailsStack extends PlatformStack {
  public readonly kind = 'organization-guardrails' as const;
  public readonly policies: organizations.CfnPolicy[];

  constructor(scope: Construct, id: string, props: OrganizationGuardrailsStackProps) {
    super(scope, id, { description: 'Tenant baseline: tag-protection service control policy (management account)', terminationProtection: true, ...props });
    // As many policies as the 5,120-character limit needs (an account or OU takes up to 5 SCPs, FullAWSAccess included).
    this.policies = tagProtectionPolicies({ deployRoleArns: props.guardrails.deployRoleArns }).map(
      (content, i) =>
        new organizations.CfnPolicy(this, `TagProtection${i + 1}`, {
          name: `${PLATFORM_PREFIX}-tag-protection-${i + 1}`,
          description: 'Only the platform deploy roles may change, delete or re-tag resources tagged as protected',
          type: 'SERVICE_CONTROL_POLICY',
          content,
          targetIds: [...props.guardrails.organizationTargetIds],
        }),
    );
    if (props.guardrails.allowedRegions.length > 0) {
      this.policies.push(
        new organizations.CfnPolicy(this, 'RegionDeny', {
          name: `${PLATFORM_PREFIX}-region-deny`,
          description: 'Requests outside the allowed regions are denied, except for the global services',
          type: 'SERVICE_CONTROL_POLICY',
          content: regionDenyPolicy(props.guardrails.allowedRegions),
          targetIds: [...props.guardrails.organizationTargetIds],
        }),
      );
    }
    if (props.guardrails.organizationId) {
      this.policies.push(
        new organizations.CfnPolicy(this, 'DataPerimeter', {
          name: `${PLATFORM_PREFIX}-data-perimeter`,
          description: "Only the organization's identities, and AWS services acting for it, reach S3, KMS, Secrets Manager, SQS and STS resources",
          type: 'RESOURCE_CONTROL_POLICY',
          content: dataPerimeterPolicy(props.guardrails.organizationId),
          targetIds: [...props.guardrails.organizationTargetIds],
        }),
      );
    }
  }
}
