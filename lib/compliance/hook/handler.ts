/**
 * The deploy-time gate: a CloudFormation Lambda hook (stack target, FAIL mode) that judges every stack create and
 * update in the account with the TenantBaseline rules against the platform's plan, which is bundled with it
 * (stack-verdict.ts). Event and response follow the CloudFormation Hooks user guide for stack operations: the
 * template comes from the presigned S3 URL in `requestData.payload`. Anything it cannot judge fails closed.
 *
 * Bundled by lib/detection/deploy-time-gate.ts with `cdk-nag` mapped to cdk-nag-values.ts and the validated
 * configuration in `PLATFORM_PLAN_BASE64`.
 */
import { PlatformConfig } from '../../config/types';
import { StackTemplate } from '../rules';
import { platformTopology, roleOf } from '../topology';
import { judgeStackTemplate } from './stack-verdict';

declare const PLATFORM_PLAN_BASE64: string | undefined;

/** A stack template is at most 1 MB in S3; the payload holds it and the previous one, JSON-escaped. */
export const MAX_PAYLOAD_BYTES = 5 * 1024 * 1024;
export const FETCH_TIMEOUT_MS = 10_000;
/** CloudFormation truncates a hook's message to 4,096 characters for stack operations. */
const MAX_MESSAGE = 4000;

export interface HookResponse {
  readonly hookStatus: 'SUCCESS' | 'FAILED';
  readonly errorCode?: 'NonCompliant' | 'InternalFailure';
  readonly message: string;
  readonly clientRequestToken: string;
}

/** Fetches the payload document; throws on any failure. */
export type PayloadFetcher = (url: string) => Promise<string>;

/** One structured log line per decision: a reason code, never a template. */
export type HookLog = (entry: { readonly level: 'INFO' | 'WARN' | 'ERROR'; readonly reason: string; readonly stack?: string; readonly findings?: number; readonly detail?: string }) => void;

export class HookInputError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface HookHandlerOptions {
  readonly config: PlatformConfig;
  readonly fetchPayload: PayloadFetcher;
  readonly log?: HookLog;
}

export function createHookHandler(options: HookHandlerOptions): (event: unknown) => Promise<HookResponse> {
  const topology = platformTopology(options.config);
  const log: HookLog = options.log ?? ((entry) => console.log(JSON.stringify(entry)));
  return async (event: unknown): Promise<HookResponse> => {
    const token = isObject(event) && typeof event.clientRequestToken === 'string' ? event.clientRequestToken : '';
    const fail = (errorCode: 'NonCompliant' | 'InternalFailure', reason: string, message: string, stack?: string, findings?: number): HookResponse => {
      log({ level: errorCode === 'NonCompliant' ? 'WARN' : 'ERROR', reason, stack, findings });
      return { hookStatus: 'FAILED', errorCode, message: message.slice(0, MAX_MESSAGE), clientRequestToken: token };
    };
    if (!isObject(event) || token === '' || !isObject(event.requestData)) {
      return fail('InternalFailure', 'MalformedEvent', 'tenant-baseline deploy-time gate: the hook event must have clientRequestToken and requestData');
    }
    const request = event.requestData;
    if (request.targetType !== 'STACK') {
      return fail('InternalFailure', 'UnexpectedTarget', `tenant-baseline deploy-time gate: judges STACK targets only, got ${JSON.stringify(request.targetType)}`);
    }
    const stack = typeof request.targetLogicalId === 'string' ? request.targetLogicalId : '';
    if (event.actionInvocationPoint === 'DELETE_PRE_PROVISION') {
      // A stack of the plan is deleted only after it has left the plan (offboarding: remove the tenant, deploy the
      // account baseline, then delete); any other stack is not the platform's to keep.
      if (roleOf(topology, stack).kind !== 'other') {
        return fail('NonCompliant', 'DeleteOfPlannedStack', `tenant-baseline deploy-time gate: ${stack} is in the platform plan; remove it from the configuration and deploy the account baseline before deleting it`, stack);
      }
      log({ level: 'INFO', reason: 'DeleteOutsidePlan', stack });
      return { hookStatus: 'SUCCESS', message: `tenant-baseline deploy-time gate: ${stack} is not in the platform plan; its deletion is not the gate's to judge`, clientRequestToken: token };
    }
    if (stack === '' || (event.actionInvocationPoint !== 'CREATE_PRE_PROVISION' && event.actionInvocationPoint !== 'UPDATE_PRE_PROVISION')) {
      return fail('InternalFailure', 'MalformedEvent', 'tenant-baseline deploy-time gate: the event must name the stack (requestData.targetLogicalId) and a create or update invocation point');
    }
    let template: StackTemplate;
    try {
      template = parseTemplate(await options.fetchPayload(String(request.payload)));
    } catch (error) {
      const input = error instanceof HookInputError;
      return fail(input ? 'NonCompliant' : 'InternalFailure', input ? 'UnreadableTemplate' : 'PayloadUnavailable', `tenant-baseline deploy-time gate: ${stack}: ${(error as Error).message}`, stack);
    }
    let verdict;
    try {
      verdict = judgeStackTemplate(stack, template, topology);
    } catch (error) {
      return fail('InternalFailure', 'JudgeFailed', `tenant-baseline deploy-time gate: ${stack}: could not judge the template (${(error as Error).message})`, stack);
    }
    if (!verdict.compliant) {
      const list = verdict.findings.join('; ');
      return fail('NonCompliant', 'NonCompliant', `tenant-baseline deploy-time gate: ${stack} breaks the platform plan (${verdict.findings.length} finding(s), the same rules as the synth-time gate; docs/assurance.md): ${list}`, stack, verdict.findings.length);
    }
    log({ level: 'INFO', reason: 'Compliant', stack, findings: 0 });
    return { hookStatus: 'SUCCESS', message: `tenant-baseline deploy-time gate: ${stack} matches the platform plan`, clientRequestToken: token };
  };
}

/** The new template of the payload document `{ template, previousTemplate }`; JSON only (the platform synthesizes JSON). */
export function parseTemplate(payloadText: string): StackTemplate {
  let payload: unknown;
  try {
    payload = JSON.parse(payloadText);
  } catch {
    throw new HookInputError('the hook payload must be JSON');
  }
  const text = isObject(payload) ? payload.template : undefined;
  if (typeof text !== 'string' || text.length === 0) {
    throw new HookInputError('the hook payload must hold the template as a string');
  }
  let template: unknown;
  try {
    template = JSON.parse(text);
  } catch {
    throw new HookInputError('the template must be JSON (the platform synthesizes JSON; a YAML or malformed template is not one of its stacks)');
  }
  if (!isObject(template)) {
    throw new HookInputError('the template must be a JSON object');
  }
  return template as StackTemplate;
}

/** Fetches a presigned S3 URL over HTTPS with a deadline and a size cap. */
export async function fetchPresigned(url: string): Promise<string> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('the payload must be an https URL');
  }
  // CloudFormation hands an S3 presigned URL: an S3 host (virtual-hosted or path style, any region).
  if (parsed.protocol !== 'https:' || !/^([a-z0-9.-]+\.)?s3([.-][a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/.test(parsed.hostname)) {
    throw new Error(`the payload must be an https URL of an Amazon S3 endpoint, got ${parsed.protocol}//${parsed.hostname}`);
  }
  const response = await fetch(parsed, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'error' });
  if (!response.ok || !response.body) {
    throw new Error(`the payload could not be fetched (HTTP ${response.status})`);
  }
  return readCapped(response.body, MAX_PAYLOAD_BYTES);
}

/** Reads a stream as UTF-8, failing as soon as it passes `limit` bytes. */
export async function readCapped(body: ReadableStream<Uint8Array>, limit: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new HookInputError(`the hook payload must be at most ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

let bundled: ((event: unknown) => Promise<HookResponse>) | undefined;

/** The Lambda entry point: the plan bundled at synth, payloads fetched from S3. */
export async function handler(event: unknown): Promise<HookResponse> {
  if (!bundled) {
    if (typeof PLATFORM_PLAN_BASE64 !== 'string') {
      throw new Error('deploy-time gate: the platform plan was not bundled (PLATFORM_PLAN_BASE64)');
    }
    bundled = createHookHandler({ config: JSON.parse(Buffer.from(PLATFORM_PLAN_BASE64, 'base64').toString('utf8')) as PlatformConfig, fetchPayload: fetchPresigned });
  }
  return bundled(event);
}
