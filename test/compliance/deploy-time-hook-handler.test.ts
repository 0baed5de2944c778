/**
 * The deploy-time hook's handler (lib/compliance/hook/handler.ts) with events shaped as the CloudFormation Hooks user
 * guide documents them for stack operations, and its production bundle (esbuild with the construct's own bundling
 * options: cdk-nag mapped to its enums, the plan embedded) run in a separate Node process against a stand-in S3.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { createHookHandler, fetchPresigned, HookResponse, readCapped } from '../../lib/compliance/hook/handler';
import { deployTimeGateBundling, DEPLOY_TIME_GATE_ENTRY } from '../../lib/detection/deploy-time-gate';
import { PACK } from '../helpers/pack';
import { cachedPlatformTemplates } from '../helpers/platform-templates-cache';
import { scratchDirs } from '../helpers/scratch';

const scratch = scratchDirs();

// platformTemplates(PACK.CONFIG, cdk.json), synthesized once per run for every file that reads it.
const TEMPLATES = cachedPlatformTemplates(PACK.CONFIG);
const URL_OF = (stack: string) => `https://hooks-payloads.s3.us-east-1.amazonaws.com/${stack}?X-Amz-Signature=abc`;
const templateOf = (stack: string) => structuredClone(TEMPLATES.find((t) => t.stackName === stack)!.template) as { Resources: Record<string, any> };

/** A stack operation event, as the user guide's example. */
function event(stack: string, overrides: Record<string, unknown> = {}) {
  return {
    clientRequestToken: 'f8da6d11-b23f-48f4-814c-0fb6a667f50e',
    awsAccountId: '123456789012',
    stackId: `arn:aws:cloudformation:us-east-1:123456789012:stack/${stack}/1a2345b6-0000-00a0-a123-00abc0abc000`,
    changeSetId: null,
    hookTypeName: 'Private::TenantBaseline::DeployTimeGate',
    hookTypeVersion: '00000001',
    hookModel: { LambdaFunction: 'arn:aws:lambda:us-east-1:123456789012:function:gate' },
    actionInvocationPoint: 'UPDATE_PRE_PROVISION',
    requestData: { targetName: 'STACK', targetType: 'STACK', targetLogicalId: stack, payload: URL_OF(stack) },
    requestContext: { invocation: 1, callbackContext: null },
    ...overrides,
  };
}

function handlerWith(payloads: Record<string, string>) {
  const logs: unknown[] = [];
  const handle = createHookHandler({
    config: PACK.CONFIG,
    fetchPayload: async (url) => {
      if (!(url in payloads)) {
        throw new Error('no such object');
      }
      return payloads[url];
    },
    log: (entry) => logs.push(entry),
  });
  return { handle, logs };
}

const payload = (template: unknown) => JSON.stringify({ template: typeof template === 'string' ? template : JSON.stringify(template), previousTemplate: '' });

describe('the deploy-time hook handler', () => {
  test('GIVEN an update of each shipped stack THEN SUCCESS, with the request token echoed', async () => {
    const { handle, logs } = handlerWith(Object.fromEntries(TEMPLATES.map((t) => [URL_OF(t.stackName), payload(t.template)])));
    for (const t of TEMPLATES) {
      const response = await handle(event(t.stackName));
      expect(response).toEqual({ hookStatus: 'SUCCESS', message: expect.stringContaining(`${t.stackName} matches the platform plan`), clientRequestToken: 'f8da6d11-b23f-48f4-814c-0fb6a667f50e' });
    }
    expect(logs).toEqual(TEMPLATES.map((t) => ({ level: 'INFO', reason: 'Compliant', stack: t.stackName, findings: 0 })));
  });

  test('GIVEN a template deployed by hand with a route to another tenant THEN FAILED NonCompliant, naming the finding', async () => {
    const t = templateOf('Tenant-acme');
    const [routeId, route] = Object.entries(t.Resources).find(([, r]) => r.Type === 'AWS::EC2::Route' && r.Properties.TransitGatewayId)!;
    route.Properties.DestinationCidrBlock = '10.101.0.0/16';
    const { handle, logs } = handlerWith({ [URL_OF('Tenant-acme')]: payload(t) });
    const response = await handle(event('Tenant-acme', { actionInvocationPoint: 'CREATE_PRE_PROVISION' }));
    expect(response.hookStatus).toBe('FAILED');
    expect(response.errorCode).toBe('NonCompliant');
    expect(response.message).toContain(`${routeId} `);
    expect(response.message.length).toBeLessThanOrEqual(4000);
    expect(logs).toEqual([expect.objectContaining({ level: 'WARN', reason: 'NonCompliant', stack: 'Tenant-acme' })]);
  });

  test('GIVEN a stack the plan does not know THEN FAILED NonCompliant, never passed', async () => {
    const { handle } = handlerWith({ [URL_OF('Side-project')]: payload(templateOf('NetworkHub')) });
    const response = await handle(event('Side-project'));
    expect(response).toMatchObject({ hookStatus: 'FAILED', errorCode: 'NonCompliant' });
    expect(response.message).toContain('Side-project NotInPlatformPlan');
  });

  test('GIVEN a YAML, malformed or resource-less template THEN FAILED NonCompliant with the reason', async () => {
    const { handle } = handlerWith({
      [URL_OF('NetworkHub')]: payload('Resources:\n  Hub:\n    Type: AWS::EC2::TransitGateway\n'),
      [URL_OF('ControlPlane')]: '{"template": 42}',
      [URL_OF('Tenant-acme')]: payload({ Resources: {} }),
    });
    expect(await handle(event('NetworkHub'))).toMatchObject({ hookStatus: 'FAILED', errorCode: 'NonCompliant', message: expect.stringContaining('the template must be JSON') });
    expect(await handle(event('ControlPlane'))).toMatchObject({ hookStatus: 'FAILED', errorCode: 'NonCompliant', message: expect.stringContaining('must hold the template as a string') });
    expect(await handle(event('Tenant-acme'))).toMatchObject({ hookStatus: 'FAILED', errorCode: 'NonCompliant', message: expect.stringContaining('TemplateWithoutResources') });
  });

  test('GIVEN a payload that cannot be fetched THEN FAILED InternalFailure (fail closed)', async () => {
    const { handle, logs } = handlerWith({});
    expect(await handle(event('Tenant-acme'))).toMatchObject({ hookStatus: 'FAILED', errorCode: 'InternalFailure' });
    expect(logs).toEqual([expect.objectContaining({ level: 'ERROR', reason: 'PayloadUnavailable' })]);
  });

  test('GIVEN malformed events THEN FAILED InternalFailure with a reason code, and the token echoed when there is one', async () => {
    const { handle } = handlerWith({});
    expect(await handle(undefined)).toMatchObject({ hookStatus: 'FAILED', errorCode: 'InternalFailure', clientRequestToken: '' });
    expect(await handle({ clientRequestToken: 't' })).toMatchObject({ hookStatus: 'FAILED', errorCode: 'InternalFailure', clientRequestToken: 't' });
    expect(await handle(event('Tenant-acme', { requestData: { targetType: 'RESOURCE', targetName: 'AWS::S3::Bucket' } }))).toMatchObject({ hookStatus: 'FAILED', message: expect.stringContaining('judges STACK targets only') });
    expect(await handle(event('Tenant-acme', { actionInvocationPoint: 'SOMETHING_ELSE' }))).toMatchObject({ hookStatus: 'FAILED', errorCode: 'InternalFailure' });
  });

  test('GIVEN the deletion of a stack still in the plan THEN FAILED; of a stack outside it THEN SUCCESS without judging', async () => {
    const { handle, logs } = handlerWith({});
    expect(await handle(event('Tenant-acme', { actionInvocationPoint: 'DELETE_PRE_PROVISION' }))).toMatchObject({ hookStatus: 'FAILED', errorCode: 'NonCompliant', message: expect.stringContaining('remove it from the configuration and deploy the account baseline before deleting it') });
    expect(await handle(event('Tenant-gone', { actionInvocationPoint: 'DELETE_PRE_PROVISION' }))).toMatchObject({ hookStatus: 'SUCCESS' });
    expect(logs).toEqual([{ level: 'WARN', reason: 'DeleteOfPlannedStack', stack: 'Tenant-acme' }, { level: 'INFO', reason: 'DeleteOutsidePlan', stack: 'Tenant-gone' }]);
  });
});

describe('fetching the payload', () => {
  test('GIVEN a URL that is not https or not an AWS endpoint THEN it is refused before any request', async () => {
    await expect(fetchPresigned('http://bucket.s3.amazonaws.com/x')).rejects.toThrow('https URL of an Amazon S3 endpoint, got http://bucket.s3.amazonaws.com');
    await expect(fetchPresigned('https://attacker.example/amazonaws.com')).rejects.toThrow('got https://attacker.example');
    await expect(fetchPresigned('https://s3.amazonaws.com.attacker.example/x')).rejects.toThrow('an Amazon S3 endpoint');
    // Another AWS service's host, which a customer controls (an API, a load balancer), is not S3.
    await expect(fetchPresigned('https://abc123.execute-api.us-east-1.amazonaws.com/x')).rejects.toThrow('an Amazon S3 endpoint');
    await expect(fetchPresigned('https://ec2-1-2-3-4.compute-1.amazonaws.com/x')).rejects.toThrow('an Amazon S3 endpoint');
    await expect(fetchPresigned('not a url')).rejects.toThrow('must be an https URL');
  });

  test('GIVEN a payload stream past the cap THEN reading stops with a size error; within it, the text', async () => {
    const stream = (chunks: number[]) => new ReadableStream<Uint8Array>({ start: (c) => { chunks.forEach((n) => c.enqueue(new Uint8Array(n).fill(0x61))); c.close(); } });
    await expect(readCapped(stream([600, 600]), 1000)).rejects.toThrow('at most 1000 bytes');
    await expect(readCapped(stream([400, 600]), 1000)).resolves.toHaveLength(1000);
  });
});

describe('the production bundle', () => {
  test('GIVEN the handler bundled with the construct\'s options THEN it runs without cdk-nag, with the embedded plan, and judges as in-process', () => {
    const bundling = deployTimeGateBundling(PACK.CONFIG);
    const dir = scratch('hook-bundle-');
    const outfile = join(dir, 'index.js');
    const result = buildSync({
      entryPoints: [DEPLOY_TIME_GATE_ENTRY],
      bundle: true,
      platform: 'node',
      target: bundling.target,
      format: 'cjs',
      minify: true,
      external: bundling.externalModules as string[],
      define: bundling.define,
      alias: { 'cdk-nag': bundling.esbuildArgs!['--alias:cdk-nag'] as string },
      outfile,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile!.inputs);
    expect(inputs.filter((i) => i.includes('node_modules/cdk-nag') || i.includes('node_modules/aws-cdk-lib'))).toEqual([]);
    const broken = templateOf('Tenant-acme');
    Object.values(broken.Resources).find((r: any) => r.Type === 'AWS::EC2::LaunchTemplate')!.Properties.LaunchTemplateData.MetadataOptions.HttpTokens = 'optional';
    const objects = { [URL_OF('Tenant-acme')]: payload(templateOf('Tenant-acme')), [URL_OF('Tenant-globex')]: payload(broken) };
    const script = join(dir, 'run.js');
    const events = [event('Tenant-acme'), event('Tenant-globex')];
    writeFileSync(script, `
      const objects = ${JSON.stringify(objects)};
      globalThis.fetch = async (url) => { const body = objects[String(url)]; return body === undefined ? new Response('', { status: 403 }) : new Response(body); };
      const { handler } = require(${JSON.stringify(outfile)});
      (async () => { const out = []; for (const e of ${JSON.stringify(events)}) out.push(await handler(e)); console.log(JSON.stringify(out)); })();
    `);
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const [ok, bad] = JSON.parse(run.stdout.trim().split('\n').pop()!) as HookResponse[];
    expect(ok.hookStatus).toBe('SUCCESS');
    expect(bad).toMatchObject({ hookStatus: 'FAILED', errorCode: 'NonCompliant' });
    expect(bad.message).toContain('Tenant-globex breaks the platform plan');
  });
});
