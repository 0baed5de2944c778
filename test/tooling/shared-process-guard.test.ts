/**
 * The guard of the construct tests' shared processes (test/helpers/shared-process-guard.js), run by jest itself on
 * fixture files in one process, in the order of their names: a file that leaves process-wide state changed fails,
 * naming each change, the next file starts clean, and a file that restores its state in its own afterAll passes.
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
  return report.testResults.map((r: { name: string; status: string; message: string }) => ({ name: r.name.slice(FIXTURES.length + 1), status: r.status, message: r.message }));
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
    expect(message).toContain('fake timers are still installed');
    expect(message).toContain('Error.stackTraceLimit is 2, was');
    expect(message).toContain('process.env.TENANT_BASELINE_GUARD_TOP_LEVEL is "set while loading", was undefined');
  });
});
