import { NagMessageLevel } from 'cdk-nag';
import { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, TemplateRule } from './rule';
import { referencedResource } from './template';

/**
 * PostgreSQL instances use a parameter group of the same template that sets `rds.force_ssl = 1`. Without it the server
 * accepts unencrypted connections; the default parameter group leaves it 0 before PostgreSQL 15 and may be changed.
 */
export const RdsForceSsl: TemplateRule = {
  id: 'RdsForceSsl',
  resourceTypes: ['AWS::RDS::DBInstance'],
  judges: { 'AWS::RDS::DBInstance': ['DBParameterGroupName'] },
  info: 'The PostgreSQL instance does not use a parameter group of this template with rds.force_ssl = 1.',
  explanation: 'Clients could connect without TLS. DESIGN.md requires TLS >= 1.2 everywhere, enforced by the server, not only offered.',
  level: NagMessageLevel.ERROR,
  controls: ['DATA-2', 'HIPAA-164.312(e)(1)', 'SOC2-CC6.6', 'GDPR-Art.32'],
  check(resource, context) {
    const engine = String(resource.Properties?.Engine ?? '').toLowerCase();
    if (!engine.includes('postgres') || engine.startsWith('aurora')) {
      return NOT_APPLICABLE;
    }
    const group = referencedResource(context.template, resource.Properties?.DBParameterGroupName);
    if (!group || group.resource.Type !== 'AWS::RDS::DBParameterGroup') {
      return NON_COMPLIANT;
    }
    const value = group.resource.Properties?.Parameters?.['rds.force_ssl'];
    return value === 1 || value === '1' ? COMPLIANT : NON_COMPLIANT;
  },
};
