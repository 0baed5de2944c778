import { NagMessageLevel } from 'cdk-nag';
import { StackRole } from '../topology';
import { exportFunction } from './data-export-plan';
import { findings, NOT_APPLICABLE, RuleContext, TemplateResource, TemplateRule } from './rule';
import { resourcesOfType } from './memo';
import { asList, referencedId, referencedResource, text } from './template';

/** Which service may invoke a function of which stack, and what its SourceArn must name (a resource of that stack). */
const PLANNED_INVOKERS: Readonly<Record<string, { readonly kinds: readonly StackRole['kind'][]; readonly sourceType: string }>> = {
  // API Gateway invokes the control plane's handlers and authorizers, for one of its own REST APIs.
  'apigateway.amazonaws.com': { kinds: ['control-plane'], sourceType: 'AWS::ApiGateway::RestApi' },
  // EventBridge invokes a tenant's restore-test validation, for the rule of the tenant's own restore testing.
  'events.amazonaws.com': { kinds: ['tenant'], sourceType: 'AWS::Events::Rule' },
};

/** `arn:<partition>:execute-api:<region>:<account>:<api id>/...` with the API as a reference: the API's logical id. */
const EXECUTE_API_ARN = /^arn:(?:\$\{AWS::Partition\}|aws(?:-[a-z]+)*):execute-api:(?:\$\{AWS::Region\}|[a-z0-9-]+):(?:\$\{AWS::AccountId\}|\d{12}):\$\{([A-Za-z0-9]+)\}\/.+$/;

/** The logical id of the resource this permission's SourceArn names in its own template, if it names one. */
function sourceResource(sourceArn: unknown, context: RuleContext, type: string): string | undefined {
  if (type === 'AWS::ApiGateway::RestApi') {
    const api = EXECUTE_API_ARN.exec(text(sourceArn))?.[1];
    return api !== undefined && context.template.Resources?.[api]?.Type === type ? api : undefined;
  }
  const source = referencedResource(context.template, sourceArn);
  return source?.resource.Type === type && text(sourceArn) === `\${${source.logicalId}.Arn}` ? source.logicalId : undefined;
}

/**
 * Whether the source really invokes the function: the rule targets it, or a method of the API integrates it or an
 * authorizer of the API calls it. A permission for any other pairing lets the source run a function it does not use.
 */
function sourceInvokes(source: string, fn: string, context: RuleContext): boolean {
  const resource = context.template.Resources?.[source];
  if (resource?.Type === 'AWS::Events::Rule') {
    return asList<any>(resource.Properties?.Targets).some((t) => referencedId(t?.Arn) === fn && text(t?.Arn) === `\${${fn}.Arn}`);
  }
  const invokes = (uri: unknown) => text(uri).includes(`/functions/\${${fn}.Arn}/invocations`);
  return (
    resourcesOfType(context, 'AWS::ApiGateway::Method').some(([, m]) => referencedId(m.Properties?.RestApiId) === source && invokes(m.Properties?.Integration?.Uri)) ||
    resourcesOfType(context, 'AWS::ApiGateway::Authorizer').some(([, a]) => referencedId(a.Properties?.RestApiId) === source && invokes(a.Properties?.AuthorizerUri))
  );
}

/**
 * Every Lambda invoke permission is one the platform plans, positively: a function of the same stack, invoked only
 * (`lambda:InvokeFunction`) by API Gateway for one of the control plane's own REST APIs or by EventBridge for one of a
 * tenant's own rules, each with the SourceArn that ties the service to that resource (no confused deputy), for a
 * function that resource really invokes (a method's integration or the API's authorizer, the rule's target), and no
 * other field (no function URL, no event-source token, no organization-wide grant). The one account principal, the
 * hub account invoking a cross-account tenant's export, is judged by DataExportAsPlanned. Anything else (everyone,
 * another account, another service) could invoke a platform function from outside the plan.
 */
export const LambdaInvokePermissionsAsPlanned: TemplateRule = {
  id: 'LambdaInvokePermissionsAsPlanned',
  resourceTypes: ['AWS::Lambda::Permission'],
  judges: { 'AWS::Lambda::Permission': ['Action', 'FunctionName', 'Principal', 'SourceArn'] },
  info: 'A Lambda invoke permission is outside the plan: another principal, action or function, no SourceArn of the stack\'s own API or rule, or an extra field such as a function URL.',
  explanation: "A function's resource policy decides who may run it with its role. Only the control plane's own API and a tenant's own restore-test rule are planned to invoke platform functions; anyone else could reach a tenant's data or the control plane through them.",
  level: NagMessageLevel.ERROR,
  controls: ['SOC2-CC6.1', 'SOC2-CC6.6', 'HIPAA-164.312(a)(1)'],
  tenantIsolation: 'counts',
  check(resource: TemplateResource, context: RuleContext) {
    const p = resource.Properties ?? {};
    const fn = referencedResource(context.template, p.FunctionName);
    const principal = text(p.Principal);
    if (fn !== undefined && fn.logicalId === exportFunction(context) && /^\d{12}$/.test(principal)) {
      return NOT_APPLICABLE;
    }
    const problems: string[] = [];
    if (p.Action !== 'lambda:InvokeFunction') problems.push(`Action::${text(p.Action)}`);
    if (fn?.resource.Type !== 'AWS::Lambda::Function') problems.push(`FunctionName::${text(p.FunctionName)}::not-a-function-of-this-stack`);
    const planned = PLANNED_INVOKERS[principal];
    if (planned === undefined || !planned.kinds.includes(context.role.kind)) {
      problems.push(`Principal::${principal}::not-planned-in-a-${context.role.kind}-stack`);
    } else {
      const source = sourceResource(p.SourceArn, context, planned.sourceType);
      if (source === undefined) {
        problems.push(`SourceArn::${text(p.SourceArn)}::not-a-${planned.sourceType}-of-this-stack`);
      } else if (fn !== undefined && !sourceInvokes(source, fn.logicalId, context)) {
        problems.push(`FunctionName::${text(p.FunctionName)}::not-invoked-by-${source}`);
      }
    }
    problems.push(...Object.keys(p).filter((k) => !['Action', 'FunctionName', 'Principal', 'SourceArn'].includes(k)).map((k) => `${k}::outside-the-plan`));
    return findings(problems);
  },
};
