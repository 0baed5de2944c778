/** Judging real constructs with the TenantBaseline pack, for the rule tests. */
import { App, CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { RuleEvaluation, TenantBaselineChecks } from '../../lib/compliance/gate/tenant-baseline-checks';
import { platformTopology } from '../../lib/compliance/topology';
import { PlatformConfig } from '../../lib/config/platform-config';
import { ControlPlaneStack } from '../../lib/stacks/control-plane-stack';
import { TenantStack } from '../../lib/stacks/tenant-stack';
import { exampleConfig, testApp } from './app';

const CONFIG = exampleConfig();
const TOPOLOGY = platformTopology(CONFIG);
const ACME = CONFIG.tenants.find((t) => t.id === 'acme')!;

/** The example configuration and its plan. */
export const PACK = { CONFIG, TOPOLOGY, ACME };

export function evaluate(app: App): { evaluations: readonly RuleEvaluation[]; violations: string[] } {
  const pack = new TenantBaselineChecks(TOPOLOGY);
  const report = pack.validateScope(app);
  return { evaluations: pack.evaluations, violations: report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} @ ${r.constructPath}`)) };
}

/** The findings of one rule as `<finding id> @ <construct path>`. */
export function findingsOf(app: App, rule: string): string[] {
  return evaluate(app)
    .evaluations.filter((e) => e.ruleId === `TenantBaseline-${rule}` && e.status === 'non-compliant')
    .flatMap((e) => e.findings.map((f) => `${f} @ ${e.constructPath}`));
}

/**
 * Every finding of the whole pack judged against `config`'s plan (not the example's), as `<finding id> @ <construct
 * path>`, sorted; only `rule`'s when given.
 */
export function findingsUnder(app: App, config: PlatformConfig, rule?: string): string[] {
  const pack = new TenantBaselineChecks(platformTopology(config));
  pack.validateScope(app);
  return pack.evaluations
    .filter((e) => e.status === 'non-compliant' && (rule === undefined || e.ruleId === `TenantBaseline-${rule}`))
    .flatMap((e) => e.findings.map((f) => `${f} @ ${e.constructPath}`))
    .sort();
}

/** The control plane of `config`, alone in an app. */
export function controlPlaneApp(config: PlatformConfig): { app: App; stack: ControlPlaneStack } {
  const app = testApp();
  const stack = new ControlPlaneStack(app, 'ControlPlane', { controlPlane: config.controlPlane, tenantIds: config.tenants.map((t) => t.id), sidecar: config.sidecar });
  return { app, stack };
}

export function compliantCount(app: App, rule: string): number {
  return evaluate(app).evaluations.filter((e) => e.ruleId === `TenantBaseline-${rule}` && e.status === 'compliant').length;
}

export function cfn(app: App, path: string): CfnResource {
  const node = app.node.findAll().find((n: IConstruct) => n.node.path === path);
  if (!node || !CfnResource.isCfnResource(node)) {
    throw new Error(`no CloudFormation resource at ${path}`);
  }
  return node;
}

export function tenantApp(): { app: App; stack: TenantStack } {
  const app = testApp();
  const stack = new TenantStack(app, 'Tenant-acme', { tenant: ACME, controlPlane: CONFIG.controlPlane, sidecar: CONFIG.sidecar });
  return { app, stack };
}

/** The shipped stacks: no finding of the rule, and at least one resource it judged compliant (it is not vacuous). */
export function shipped(rule: string, build: () => App) {
  const judged = evaluate(build()).evaluations.filter((e) => e.ruleId === `TenantBaseline-${rule}`);
  expect(judged.filter((e) => e.status === 'non-compliant')).toEqual([]);
  expect(judged.filter((e) => e.status === 'compliant').length).toBeGreaterThan(0);
}

