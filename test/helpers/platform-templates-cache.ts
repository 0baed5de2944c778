/**
 * The example platform's templates as `platformTemplates` synthesizes them (what `npm run gate:mutate` mutates), kept on
 * disk so the test files that only read them share one synth per run instead of one each (~3-4 s apiece).
 *
 * The key is everything the synth could read: the configuration passed, the installed aws-cdk-lib and constructs, the
 * CDK_* environment and every file of the checkout (path and content) except what git ignores and writes elsewhere
 * (.git, node_modules, cdk.out, coverage, bench/out). Any edit anywhere in the checkout is a new key, so a cached entry
 * can only answer for the exact sources that produced it. Entries live in node_modules/.cache/tenant-baseline/ and are
 * written whole (a temporary file renamed into place); anything unreadable or naming another key is a miss. While one
 * jest worker synthesizes, another that needs the same key waits for it rather than synthesizing too.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { NamedTemplate } from '../../lib/compliance/gate/judge';
import { platformTemplates } from '../../lib/compliance/mutation/platform-templates';
import { PlatformConfig } from '../../lib/config/platform-config';
import { REPO_ROOT } from './app';

const FORMAT = 'platform-templates/1';
/** Directories of the checkout that are not inputs: git's own, installed packages (versions are keyed), outputs. */
const NOT_INPUTS = new Set(['.git', 'node_modules', 'cdk.out', 'coverage', 'bench/out']);
/** How long a worker waits for another worker's synth of the same key before doing it itself. */
const WAIT_MS = 180_000;
const KEEP_ENTRIES = 8;

export const CACHE_DIR = join(REPO_ROOT, 'node_modules', '.cache', 'tenant-baseline', 'platform-templates');

/** Every input file of a checkout, as sorted paths relative to it. */
export function checkoutFiles(root: string, dir = ''): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true })
    .map((entry) => ({ entry, path: dir ? `${dir}/${entry.name}` : entry.name }))
    .filter(({ path }) => !NOT_INPUTS.has(path))
    .flatMap(({ entry, path }) => (entry.isDirectory() ? checkoutFiles(root, path) : entry.isFile() ? [path] : []))
    .sort();
}

/** The cache key of `config`'s templates synthesized from the checkout at `root`. */
export function templatesKey(config: PlatformConfig, root: string = REPO_ROOT, env: NodeJS.ProcessEnv = process.env): string {
  const hash = createHash('sha256').update(FORMAT).update('\0config\0').update(JSON.stringify(config));
  for (const pkg of ['aws-cdk-lib', 'constructs']) {
    hash.update(`\0${pkg}@${JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')).version}`);
  }
  for (const name of Object.keys(env).filter((n) => n.startsWith('CDK_')).sort()) {
    hash.update(`\0env\0${name}=${env[name]}`);
  }
  for (const file of checkoutFiles(root)) {
    const content = readFileSync(join(root, file));
    hash.update(`\0file\0${file}\0${content.length}\0`).update(content);
  }
  return hash.digest('hex');
}

/** A stored entry for `key`, or undefined when there is none or it is unreadable, of another format or another key. */
export function readEntry(dir: string, key: string): NamedTemplate[] | undefined {
  try {
    const entry = JSON.parse(readFileSync(join(dir, `${key}.json`), 'utf8'));
    return entry.format === FORMAT && entry.key === key && Array.isArray(entry.templates) ? entry.templates : undefined;
  } catch {
    return undefined;
  }
}

export function writeEntry(dir: string, key: string, templates: readonly NamedTemplate[]): void {
  mkdirSync(dir, { recursive: true });
  const temporary = join(dir, `${key}.${process.pid}.tmp`);
  writeFileSync(temporary, JSON.stringify({ format: FORMAT, key, templates }));
  renameSync(temporary, join(dir, `${key}.json`));
  // Older entries (earlier sources) are never read again by this checkout; keep a few, drop the rest.
  const entries = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ f, mtime: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { f } of entries.slice(KEEP_ENTRIES)) {
    rmSync(join(dir, f), { force: true });
  }
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * `compute()` for `key`, through the cache in `dir`: a stored entry if there is one; else, if another live process holds
 * the key's lock, its result once written (or our own after WAIT_MS); else computed here and stored.
 */
export function throughCache(dir: string, key: string, compute: () => NamedTemplate[]): NamedTemplate[] {
  const cached = readEntry(dir, key);
  if (cached) {
    return cached;
  }
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, `${key}.lock`);
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    let fd: number | undefined;
    try {
      fd = openSync(lock, 'wx');
    } catch {
      const holder = Number(readFileSafe(lock));
      if (Number.isInteger(holder) && holder > 0 && alive(holder) && Date.now() < deadline) {
        sleep(200);
        const written = readEntry(dir, key);
        if (written) {
          return written;
        }
        continue;
      }
      if (Date.now() >= deadline) {
        return compute();
      }
      // The holder died (or wrote no pid yet and then died): take the lock over.
      rmSync(lock, { force: true });
      continue;
    }
    try {
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const again = readEntry(dir, key);
      if (again) {
        return again;
      }
      const templates = compute();
      writeEntry(dir, key, templates);
      return templates;
    } finally {
      rmSync(lock, { force: true });
    }
  }
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** `platformTemplates(config, cdk.json)` of this checkout, synthesized once per key (see above). */
export function cachedPlatformTemplates(config: PlatformConfig): NamedTemplate[] {
  return throughCache(CACHE_DIR, templatesKey(config), () => platformTemplates(config, join(REPO_ROOT, 'cdk.json')));
}
