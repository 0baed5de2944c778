import { NagMessageLevel } from 'cdk-nag';
import { COMPLIANT, NON_COMPLIANT, TemplateRule } from './rule';

/**
 * GuardDuty detectors are declared only by the account baseline stack. An account and region has one detector; a
 * second stack declaring one fails to deploy at best, and at worst takes over (and later deletes) the detector that
 * threat detection depends on.
 */
export const GuardDutyOnlyInAccountBaseline: TemplateRule = {
  id: 'GuardDutyOnlyInAccountBaseline',
  resourceTypes: ['AWS::GuardDuty::Detector'],
  info: 'A GuardDuty detector is declared outside the account baseline stack.',
  explanation: 'One detector per account and region, owned by the account baseline (created or adopted there), so its findings routing and protection plans have one owner.',
  level: NagMessageLevel.ERROR,
  controls: ['RUN-1', 'SOC2-CC7.2', 'GDPR-Art.33'],
  check(_resource, context) {
    return context.role.kind === 'account-baseline' ? COMPLIANT : NON_COMPLIANT;
  },
};
