import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { RoutePattern } from './permissions';

/** `arn:aws:execute-api:region:account:apiId/stage/METHOD/path` -> `arn:aws:execute-api:region:account:apiId/stage`. */
export function apiStageArn(methodArn: string): string | undefined {
  const match = /^(arn:[^:]+:execute-api:[^:]+:\d{12}:[^/]+\/[^/]+)\/[^/]+\/?.*$/.exec(methodArn);
  return match?.[1];
}

/**
 * The policy API Gateway caches for this token: Allow exactly the routes of the caller's roles on this stage, and Deny
 * the `denied` ones (admin-only reads an allowed pattern would cover). A route outside them is refused by API Gateway
 * itself with a plain 403.
 */
export function allowPolicy(principalId: string, stageArn: string, routes: readonly RoutePattern[], context: Record<string, string>, denied: readonly RoutePattern[] = []): APIGatewayAuthorizerResult {
  const arns = (list: readonly RoutePattern[]) => list.map((r) => `${stageArn}/${r.method}/${r.path}`);
  return {
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: arns(routes) },
        ...(denied.length > 0 ? [{ Effect: 'Deny' as const, Action: 'execute-api:Invoke', Resource: arns(denied) }] : []),
      ],
    },
    context,
  };
}

/** An explicit deny of the whole stage: a valid identity that holds no role gets a plain 403. */
export function denyPolicy(principalId: string, stageArn: string): APIGatewayAuthorizerResult {
  return {
    principalId,
    policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'execute-api:Invoke', Resource: `${stageArn}/*/*` }] },
  };
}
