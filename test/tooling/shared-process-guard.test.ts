/**
 * The guard of the construct tests' shared processes (test/helpers/shared-process-guard.js), run by jest itself on
 * fixture files in one process, in the order of their names: a file that leaves process-wide state changed fails,
 * naming each change, the next file starts clean, a file that restores its state in its own afterAll passes, and what a
 * file that fails to load leaves is found at the end of the next one, said to have been there before it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/app';
import { scratchDirs } from '../helpers/scratch';

const scratch = scratchDirs();
const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'shared-process-guard');

interface FileResult {
  name: string;
  status: string;
  message: string;
  tests: Record<string, string>;
}

function runFixtures(): FileResult[] {
  const config = {
    rootDir: FIXTURES,
    runner: 'jest-light-runner',
    testMatch: ['<rootDir>/*.fixture.js'],
    setupFilesAfterEnv: [join(REPO_ROOT, 'test', 'helpers', 'shared-process-guard.js')],
    testSequencer: join(FIXTURES, 'sequencer.js'),
    maxWorkers: 1,
  };
  const output = join(scratch('guard-'), 'report.json');
  const env = { ...process.env };
  delete env.JEST_WORKER_ID;
  spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--config', JSON.stringify(config), '--ci', '--json', '--outputFile', output], { cwd: REPO_ROOT, env, encoding: 'utf8' });
  const report = JSON.parse(readFileSync(output, 'utf8'));
  return report.testResults.map((r: { name: string; status: string; message: string; assertionResults: { title: string; status: string }[] }) => ({
    name: r.name.slice(FIXTURES.length + 1),
    status: r.status,
    message: r.message,
    tests: Object.fromEntries(r.assertionResults.map((a) => [a.title, a.status])),
  }));
}

describe('the construct tests\' shared-process guard', () => {
  let results: Record<string, FileResult>;

  beforeAll(() => {
    results = Object.fromEntries(runFixtures().map((r) => [r.name, r]));
  });

  test('GIVEN a file that leaves an environment variable set THEN it fails naming the variable, its value and the value before', () => {
    expect(results['a-leaves-env.fixture.js'].status).toBe('failed');
    expect(results['a-leaves-env.fixture.js'].message).toContain('process.env.TENANT_BASELINE_GUARD_PROBE is "leaked", was undefined');
  });

  test('GIVEN the file after it in the same process THEN the variable is gone', () => {
    expect(results['b-starts-clean.fixture.js'].status).toBe('passed');
  });

  test('GIVEN a file that restores what it changed in its own afterAll THEN it passes', () => {
    expect(results['c-restores-in-after-all.fixture.js'].status).toBe('passed');
  });

  test('GIVEN a file that leaves fake timers and another stack trace limit, and sets a variable at its top level THEN it fails naming each', () => {
    const { status, message } = results['d-leaves-timers-and-a-limit.fixture.js'];
    expect(status).toBe('failed');
    expect(message).toContain('fake timers still installed');
    expect(message).toContain('Error.stackTraceLimit is 2, was');
    expect(message).toContain('process.env.TENANT_BASELINE_GUARD_TOP_LEVEL is "set while loading", was undefined');
  });

  test('GIVEN a file that replaces Date by hand THEN it fails naming it, and the next file has the real Date', () => {
    expect(results['e-replaces-date-by-hand.fixture.js'].status).toBe('failed');
    expect(results['e-replaces-date-by-hand.fixture.js'].message).toContain('timer globals are replaced (Date)');
    expect(results['g-after-a-failed-load.fixture.js'].tests['Date is the real one again']).toBe('passed');
  });

  test('GIVEN a file that changes the environment and fails to load THEN the next file fails saying the change was there before its first test, and the one after is clean', () => {
    expect(results['f-fails-to-load.fixture.js'].status).toBe('failed');
    expect(results['g-after-a-failed-load.fixture.js'].status).toBe('failed');
    expect(results['g-after-a-failed-load.fixture.js'].message).toContain('process.env.TENANT_BASELINE_GUARD_UNLOADED is "x", was undefined (already so when this file registered its first test');
    expect(results['h-clean-again.fixture.js'].status).toBe('passed');
  });
});
