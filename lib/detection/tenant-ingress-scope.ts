import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { NETWORK_PROOF_TAG, tenantIngressScope } from '../config/network-proof-plan';
import { PROTECTION_TAG_VALUE, TAG_KEYS } from '../naming';

export interface TenantIngressScopeProps {
  readonly vpc: ec2.IVpc;
  /** The subnets the runtime hosts run in: the only destination of the control plane's TCP 5678. */
  readonly runtimeSubnets: ec2.SubnetSelection;
  /** The control-plane VPC CIDR. */
  readonly controlPlaneCidr: string;
  /** The tenant's id: the runner checks that every configured tenant has its scope. */
  readonly tenantId: string;
}

/**
 * A tenant's Network Access Analyzer scope (lib/config/network-proof-plan.ts): every path into the tenant's VPC is a
 * finding unless it starts in that VPC or is the control plane's TCP 5678 to a runtime subnet through the hub. The
 * account baseline's runner analyses it; the scope itself costs nothing until analysed.
 */
export class TenantIngressScope extends Construct {
  public readonly scope: ec2.CfnNetworkInsightsAccessScope;

  constructor(scope: Construct, id: string, props: TenantIngressScopeProps) {
    super(scope, id);
    const plan = tenantIngressScope({ vpcId: props.vpc.vpcId, runtimeSubnetIds: props.vpc.selectSubnets(props.runtimeSubnets).subnetIds, controlPlaneCidr: props.controlPlaneCidr });
    // Tagged on the resource itself (not only by the stack's tag aspect): the runner finds the scope by these tags and
    // fails a run in which a configured tenant has none.
    this.scope = new ec2.CfnNetworkInsightsAccessScope(this, 'Scope', {
      tags: [
        { key: NETWORK_PROOF_TAG.key, value: NETWORK_PROOF_TAG.value },
        { key: TAG_KEYS.tenant, value: props.tenantId },
        { key: TAG_KEYS.protection, value: PROTECTION_TAG_VALUE },
      ],
    });
    // The plan is written in CloudFormation's property names, so it goes into the template as it is.
    this.scope.addPropertyOverride('MatchPaths', plan.MatchPaths);
    this.scope.addPropertyOverride('ExcludePaths', plan.ExcludePaths);
  }
}
