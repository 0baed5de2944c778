import { NagMessageLevel } from 'cdk-nag';
import { methodSettingKey } from '../../config/throttle-plan';
import { ThrottleLimit } from '../../config/types';
import { throttledRoutesOn } from '../../config/private-admin-api-plan';
import { apiVisibilityOf } from './admin-endpoint';
import { findings, TemplateRule } from './rule';
import { asList, text } from './template';

/** Every method's execution logging: errors only, no bodies, metrics on (a route's entry must not loosen it). */
const LOGGING = { DataTraceEnabled: false, LoggingLevel: 'ERROR', MetricsEnabled: true };

const planned = (key: { ResourcePath: string; HttpMethod: string }, limit: ThrottleLimit) => ({ ...key, ...LOGGING, ThrottlingBurstLimit: limit.burstLimit, ThrottlingRateLimit: limit.rateLimit });
const sorted = (v: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(v ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))));

/**
 * The API stage's method settings are exactly the plan: the stage-wide entry (`/*`, `*`) with the configured limit,
 * one entry per route of `controlPlane.throttling.routes` planned on the stage's API with its limit, each with error-level logging without bodies
 * and metrics, and no other entry (seed 000: per-endpoint rate limits; a route left out falls back to the stage's).
 */
export const ApiThrottlingAsPlanned: TemplateRule = {
  id: 'ApiThrottlingAsPlanned',
  resourceTypes: ['AWS::ApiGateway::Stage'],
  judges: {
    'AWS::ApiGateway::Stage': [
      'MethodSettings|drop-last-item', 'MethodSettings.*.ThrottlingRateLimit', 'MethodSettings.*.ThrottlingBurstLimit', 'MethodSettings.*.ResourcePath',
      'MethodSettings.*.HttpMethod', 'MethodSettings.*.DataTraceEnabled', 'MethodSettings.*.LoggingLevel', 'MethodSettings.*.MetricsEnabled',
    ],
  },
  info: "The API stage's method settings differ from the plan: a limit other than the configuration's, a route's entry missing or extra, or its logging loosened.",
  explanation: 'Seed 000: rate limiting per endpoint; DESIGN.md: execution logs without bodies. A raised or missing route limit lets one route take the whole stage.',
  level: NagMessageLevel.ERROR,
  controls: ['EDGE-1', 'SOC2-CC6.6', 'SOC2-CC7.2'],
  check(resource, context) {
    const { throttling, privateAdminApi } = context.topology.config.controlPlane;
    // Each stage carries the entries of the routes planned on its own API (all of them without a private admin API).
    const visibility = apiVisibilityOf(context, resource.Properties?.RestApiId) ?? 'public';
    const expected = [
      planned({ ResourcePath: '/*', HttpMethod: '*' }, throttling),
      ...Object.entries(throttledRoutesOn(visibility, throttling, privateAdminApi)).map(([route, limit]) => planned(methodSettingKey(route), limit)),
    ];
    const actual = asList<Record<string, unknown>>(resource.Properties?.MethodSettings);
    const name = (s: Record<string, unknown>) => `${text(s?.ResourcePath)} ${text(s?.HttpMethod)}`;
    const problems: string[] = [];
    for (const want of expected) {
      const found = actual.filter((s) => name(s) === name(want));
      if (found.length !== 1 || sorted(found[0]) !== sorted(want)) {
        problems.push(`MethodSettings::${name(want)}::${found.length === 0 ? 'missing' : found.map(sorted).join('|')}`);
      }
    }
    for (const s of actual.filter((a) => !expected.some((e) => name(e) === name(a)))) {
      problems.push(`MethodSettings::${name(s)}::unplanned`);
    }
    return findings(problems);
  },
};
