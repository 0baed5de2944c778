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
  /** The attachment acceptor's role, exempt for the hub routing actions only (tag-protection-policy.ts). @default [] */
  readonly hubRoutingRoleArns?: readonly string[];
}

/**
 * Optional: the organization guardrails as AWS Organizations policies attached to the configured roots, OUs or
 * accounts: the tag-protection SCPs, the region-deny SCP (with allowed regions) and the data-perimeter RCP (with an
 * organization id). Deploy it in the management account. Teams whose organization is managed elsewhere use the JSON
 * documents the app writes to `cdk.out/guardrails/` instead.
 */
export class OrganizationGuardrailsStack extends PlatformStack {
  public readonly kind = 'organization-guardrails' as const;
  public readonly policies: organizations.CfnPolicy[];

  constructor(scope: Construct, id: string, props: OrganizationGuardrailsStackProps) {
    super(scope, id, { description: 'Tenant baseline: organization guardrails (tag protection, region residency, data perimeter; management account)', terminationProtection: true, ...props });
    const { guardrails } = props;
    const attach = (id: string, name: string, type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY', description: string, content: Record<string, unknown>) =>
      new organizations.CfnPolicy(this, id, { name: `${PLATFORM_PREFIX}-${name}`, description, type, content, targetIds: [...guardrails.organizationTargetIds] });
    // As many policies as the 5,120-character limit needs (an account or OU takes up to 5 SCPs, FullAWSAccess included).
    this.policies = tagProtectionPolicies({ deployRoleArns: guardrails.deployRoleArns, hubRoutingRoleArns: props.hubRoutingRoleArns ?? [] }).map((content, i) =>
      attach(`TagProtection${i + 1}`, `tag-protection-${i + 1}`, 'SERVICE_CONTROL_POLICY', 'Only the platform deploy roles may change, delete or re-tag resources tagged as protected', content),
    );
    if (guardrails.allowedRegions.length > 0) {
      this.policies.push(attach('RegionDeny', 'region-deny', 'SERVICE_CONTROL_POLICY', 'Requests outside the allowed regions are denied, except for the global services', regionDenyPolicy(guardrails.allowedRegions)));
    }
    if (guardrails.organizationId) {
      const description = "Only the organization's identities, and AWS services acting for it, reach S3, KMS, Secrets Manager, SQS and STS resources";
      this.policies.push(attach('DataPerimeter', 'data-perimeter', 'RESOURCE_CONTROL_POLICY', description, dataPerimeterPolicy(guardrails.organizationId)));
    }
  }
}
