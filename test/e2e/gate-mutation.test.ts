/**
 * `npm run gate:mutate` as a user runs it: every mutant of the example platform, of a generated 5-tenant fleet and of
 * the example with its delivery pipeline (the pipeline stack and its stages) is killed, the deploy-time hook's verdict
 * equals the gate's on every one of them, the command says so, and exits 0 (it exits 1 on any survivor).
 */
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../helpers/app';

function mutate(...args: string[]) {
  return spawnSync('npm', ['run', '--silent', 'gate:mutate', '--', ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' } });
}

test.each([
  ['the example platform', ['--hook']],
  ['a generated fleet of 5 tenants', ['--tenants', '5', '--hook']],
  ['the example platform with its delivery pipeline', ['--config', 'config/platform-delivery.json', '--hook']],
])('GIVEN %s THEN every mutant is killed, and the deploy-time hook gives the gate\'s verdict on every one', (_, args) => {
  const run = mutate(...(args as string[]));
  expect(run.stderr).toBe('');
  expect(run.stdout).not.toContain('Survivors');
  const [, killed, total] = /Killed (\d+) of (\d+) \(100\.0%\)/.exec(run.stdout) ?? [];
  expect(Number(killed)).toBeGreaterThan(5000);
  expect(killed).toBe(total);
  const [, same, judged] = /Deploy-time hook: (\d+) of (\d+) mutant verdicts identical to the gate's; unmutated stacks it fails: none/.exec(run.stdout) ?? [];
  expect(judged).toBe(total);
  expect(same).toBe(judged);
  expect(run.status).toBe(0);
});
