/**
 * The pipeline's drift and health checks (scripts/delivery/*.sh) against a fake `aws` CLI on PATH that answers as
 * the AWS CLI does for the `--query ... --output text` calls the scripts make, and refuses any call not made with
 * the lookup role's credentials. What is proven here is the scripts' decisions; the CLI's real answers are AWS's.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/app';
import { scratchDirs } from '../helpers/scratch';

const scratch = scratchDirs();

interface Scenario {
  /** Stacks that exist. */
  readonly deployed?: string[];
  /** Per stack: [DetectionStatus, StackDriftStatus] after one DETECTION_IN_PROGRESS answer. */
  readonly drift?: Record<string, [string, string]>;
  /** The alarms that exist, by name, with their state (OK, ALARM, INSUFFICIENT_DATA). */
  readonly alarms?: Record<string, string>;
  /** describe-stacks fails with this error for every stack (throttling, access denied). */
  readonly describeError?: string;
  /** Make assume-role fail (the environment is not bootstrapped to trust the pipeline account). */
  readonly noTrust?: boolean;
  /** The partition of the step's own credentials (get-caller-identity). */
  readonly partition?: string;
  /** start-execution fails with this error. */
  readonly startError?: string;
}

const FAKE_AWS = `#!/usr/bin/env node
const fs = require('node:fs');
const args = process.argv.slice(2);
const scenario = JSON.parse(process.env.FAKE_AWS_SCENARIO);
const log = process.env.FAKE_AWS_LOG;
fs.appendFileSync(log, JSON.stringify({ args, key: process.env.AWS_ACCESS_KEY_ID || null }) + '\\n');
const arg = (name) => args[args.indexOf(name) + 1];
const [service, command] = args;
if (service === 'sts' && command === 'assume-role') {
  if (scenario.noTrust) { process.stderr.write('AccessDenied'); process.exit(254); }
  if (!/^arn:aws:iam::111111111111:role\\/cdk-hnb659fds-lookup-role-111111111111-eu-west-1$/.test(arg('--role-arn'))) { process.stderr.write('wrong role ' + arg('--role-arn')); process.exit(254); }
  process.stdout.write('ASIALOOKUP\\tsecret\\ttoken\\n');
  process.exit(0);
}
// The network proofs start with the step's own role (no lookup-role credentials), in the platform's region.
if (service === 'sts' && command === 'get-caller-identity' && !process.env.AWS_ACCESS_KEY_ID) {
  process.stdout.write('arn:' + (scenario.partition || 'aws') + ':sts::111111111111:assumed-role/step/build\\n');
  process.exit(0);
}
if (service === 'stepfunctions' && command === 'start-execution' && !process.env.AWS_ACCESS_KEY_ID && arg('--region') === 'eu-west-1') {
  if (scenario.startError) { process.stderr.write(scenario.startError); process.exit(254); }
  process.stdout.write(arg('--state-machine-arn').replace(':stateMachine:', ':execution:') + ':' + arg('--name') + '\\n');
  process.exit(0);
}
if (process.env.AWS_ACCESS_KEY_ID !== 'ASIALOOKUP' || process.env.AWS_REGION !== 'eu-west-1') { process.stderr.write('not the lookup role'); process.exit(255); }
if (service === 'cloudformation' && command === 'describe-stacks') {
  if (scenario.describeError) { process.stderr.write(scenario.describeError); process.exit(254); }
  if ((scenario.deployed || []).includes(arg('--stack-name'))) { process.stdout.write('UPDATE_COMPLETE\\n'); process.exit(0); }
  process.stderr.write('An error occurred (ValidationError) when calling the DescribeStacks operation: Stack with id ' + arg('--stack-name') + ' does not exist');
  process.exit(254);
}
if (service === 'cloudformation' && command === 'detect-stack-drift') {
  process.stdout.write('det-' + arg('--stack-name') + '\\n');
  process.exit(0);
}
if (service === 'cloudformation' && command === 'describe-stack-drift-detection-status') {
  const stack = arg('--stack-drift-detection-id').slice(4);
  const seen = fs.readFileSync(log, 'utf8').split('\\n').filter((l) => l.includes('describe-stack-drift-detection-status') && l.includes('det-' + stack)).length;
  const [d, s] = seen <= 1 ? ['DETECTION_IN_PROGRESS', 'None'] : scenario.drift[stack];
  process.stdout.write(d + '\\t' + s + '\\n');
  process.exit(0);
}
if (service === 'cloudwatch' && command === 'describe-alarms') {
  if (arg('--query') !== 'MetricAlarms[].[AlarmName,StateValue]' || arg('--output') !== 'text') process.exit(2);
  const names = args.slice(args.indexOf('--alarm-names') + 1, args.indexOf('--query'));
  const found = Object.entries(scenario.alarms || {}).filter(([n]) => names.includes(n));
  process.stdout.write(found.map(([n, st]) => n + '\\t' + st).join('\\n') + '\\n');
  process.exit(0);
}
process.stderr.write('unexpected call: ' + args.join(' '));
process.exit(2);
`;

function run(script: string, args: string[], scenario: Scenario, env: Record<string, string> = {}) {
  const dir = scratch('fake-aws-');
  writeFileSync(join(dir, 'aws'), FAKE_AWS);
  chmodSync(join(dir, 'aws'), 0o755);
  const log = join(dir, 'calls.log');
  writeFileSync(log, '');
  const result = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'delivery', script), '111111111111', 'eu-west-1', ...args], {
    encoding: 'utf8',
    env: { PATH: `${dir}:${process.env.PATH}`, FAKE_AWS_SCENARIO: JSON.stringify(scenario), FAKE_AWS_LOG: log, DRIFT_POLL_SECONDS: '0', BAKE_SECONDS: '0', ...env },
  });
  const calls = readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { args: string[]; key: string | null });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls };
}

describe('drift check', () => {
  test('GIVEN stacks in sync, and one not deployed yet THEN it passes, having read them through the lookup role only', () => {
    const r = run('drift-check.sh', ['AccountBaseline', 'NetworkHub', 'Tenant-new'], { deployed: ['AccountBaseline', 'NetworkHub'], drift: { AccountBaseline: ['DETECTION_COMPLETE', 'IN_SYNC'], NetworkHub: ['DETECTION_COMPLETE', 'IN_SYNC'] } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('AccountBaseline: in sync\nNetworkHub: in sync\nTenant-new: not deployed yet, nothing to drift from\n');
    expect(r.calls[0].args.slice(0, 2)).toEqual(['sts', 'assume-role']);
    expect(r.calls.slice(1).every((c) => c.key === 'ASIALOOKUP')).toBe(true);
  });

  test('GIVEN a drifted stack THEN the check fails and says how to review and how to accept', () => {
    const r = run('drift-check.sh', ['Tenant-acme', 'Tenant-globex'], { deployed: ['Tenant-acme', 'Tenant-globex'], drift: { 'Tenant-acme': ['DETECTION_COMPLETE', 'DRIFTED'], 'Tenant-globex': ['DETECTION_COMPLETE', 'IN_SYNC'] } });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('Tenant-globex: in sync\n');
    expect(r.stderr).toBe("Tenant-acme: DRIFTED (DETECTION_COMPLETE): review 'aws cloudformation describe-stack-resource-drifts --stack-name Tenant-acme'; revert the change, or start the execution with acceptDrift=Tenant-acme\n");
  });

  test('GIVEN a drift detection that could not finish THEN the check fails: no drift unproven is no drift', () => {
    const r = run('drift-check.sh', ['ControlPlane'], { deployed: ['ControlPlane'], drift: { ControlPlane: ['DETECTION_FAILED', 'IN_SYNC'] } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^ControlPlane: IN_SYNC \(DETECTION_FAILED\)/);
  });

  test('GIVEN drift accepted for exactly that stack THEN it passes, and accepting another stack does not', () => {
    const scenario: Scenario = { deployed: ['Tenant-acme'], drift: { 'Tenant-acme': ['DETECTION_COMPLETE', 'DRIFTED'] } };
    const accepted = run('drift-check.sh', ['Tenant-acme'], scenario, { ACCEPT_DRIFT: 'NetworkHub,Tenant-acme' });
    expect(accepted.status).toBe(0);
    expect(accepted.stdout).toBe('Tenant-acme: DRIFTED (DETECTION_COMPLETE), accepted for this execution (acceptDrift)\n');
    expect(run('drift-check.sh', ['Tenant-acme'], scenario, { ACCEPT_DRIFT: 'Tenant-acme-old' }).status).toBe(1);
    expect(run('drift-check.sh', ['Tenant-acme'], scenario, { ACCEPT_DRIFT: 'none' }).status).toBe(1);
  });

  test('GIVEN describe-stacks failing for another reason than a missing stack THEN the check fails: an unreadable stack is not an undeployed one', () => {
    const r = run('drift-check.sh', ['Tenant-acme'], { describeError: 'An error occurred (Throttling) when calling the DescribeStacks operation: Rate exceeded' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Tenant-acme: cannot read the stack (An error occurred (Throttling)');
  });

  test('GIVEN an environment that does not trust the pipeline account THEN the check fails and names the bootstrap step', () => {
    const r = run('drift-check.sh', ['Tenant-acme'], { noTrust: true });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("bootstrap 111111111111/eu-west-1 with 'cdk bootstrap --trust <pipeline account>'");
    expect(r.calls).toHaveLength(1);
  });
});

describe('health check', () => {
  const ALARMS = ['tenant-baseline-TamperDetected', 'tenant-baseline-SidecarReleaseUnavailable'];

  test('GIVEN every watched alarm present and none in ALARM THEN it passes (other alarms do not count)', () => {
    const r = run('health-check.sh', ALARMS, { alarms: { 'tenant-baseline-TamperDetected': 'OK', 'tenant-baseline-SidecarReleaseUnavailable': 'INSUFFICIENT_DATA', 'tenant-baseline-SecurityGroupChanges': 'ALARM' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('no platform alarm in ALARM (2 watched)\n');
    expect(r.calls.at(-1)!.args).toEqual(['cloudwatch', 'describe-alarms', '--alarm-names', ...ALARMS, '--query', 'MetricAlarms[].[AlarmName,StateValue]', '--output', 'text']);
  });

  test('GIVEN a watched alarm in ALARM THEN it fails and names it', () => {
    const r = run('health-check.sh', ALARMS, { alarms: { 'tenant-baseline-TamperDetected': 'OK', 'tenant-baseline-SidecarReleaseUnavailable': 'ALARM' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('platform alarms in ALARM after this stage: tenant-baseline-SidecarReleaseUnavailable (see docs/runbooks.md); the pipeline stops here\n');
  });

  test('GIVEN a watched alarm that does not exist THEN it fails: a deleted or renamed alarm watches nothing', () => {
    const r = run('health-check.sh', ALARMS, { alarms: { 'tenant-baseline-TamperDetected': 'OK' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('platform alarms missing: tenant-baseline-SidecarReleaseUnavailable (renamed or deleted?); the pipeline stops here\n');
  });
});

describe('network proofs start', () => {
  test('GIVEN a wave deployed THEN one execution of the runner starts with the step\'s own role, in the partition of its credentials, under a valid execution name', () => {
    const r = run('start-network-proofs.sh', ['Wave 3/of:16', 'tenant-baseline-network-proofs'], { partition: 'aws-us-gov' }, { CODEBUILD_BUILD_NUMBER: '42' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const start = r.calls.find((c) => c.args[0] === 'stepfunctions')!;
    const arg = (name: string) => start.args[start.args.indexOf(name) + 1];
    expect(start.key).toBeNull();
    expect(arg('--state-machine-arn')).toBe('arn:aws-us-gov:states:eu-west-1:111111111111:stateMachine:tenant-baseline-network-proofs');
    expect(arg('--name')).toMatch(/^Wave-3-of-16-42-\d{8}T\d{6}$/);
    expect(r.stdout).toContain(':execution:tenant-baseline-network-proofs:Wave-3-of-16-42-');
  });

  test('GIVEN the runner cannot be started THEN the step fails: a wave whose proofs did not start is not done', () => {
    const r = run('start-network-proofs.sh', ['Wave-1', 'tenant-baseline-network-proofs'], { startError: 'An error occurred (StateMachineDoesNotExist)' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('StateMachineDoesNotExist');
  });
});
