/**
 * The jest runtime's worker-wide sources of installed packages (test/helpers/shared-sources.js): a file's text is
 * reused only while its modification time, size and inode are unchanged; project files go through jest's own cache.
 */
import { mkdirSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSourceCache, isInstalled, shareSources } from '../helpers/shared-sources';
import { scratchDirs } from '../helpers/scratch';

const scratch = scratchDirs();

function installedFile(text: string): string {
  const dir = join(scratch('shared-sources-'), 'node_modules', 'pkg');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'index.js');
  writeFileSync(file, text);
  return file;
}

test('GIVEN an unchanged file THEN it is read once and the same text comes back', () => {
  const file = installedFile('module.exports = 1;');
  const read = createSourceCache();
  const first = read(file);
  expect(read(file)).toBe(first);
  expect(first).toBe('module.exports = 1;');
  expect(read.stats).toEqual({ hits: 1, misses: 1 });
});

test('GIVEN a file rewritten with the same length, or replaced by another file, THEN the new text is read', () => {
  const file = installedFile('module.exports = 1;');
  const read = createSourceCache();
  read(file);
  const { mtime } = statSync(file);
  writeFileSync(file, 'module.exports = 2;');
  utimesSync(file, mtime, new Date(mtime.getTime() + 1000));
  expect(read(file)).toBe('module.exports = 2;');
  // Same size and modification time, another inode (a package reinstalled by rename).
  const { atime, mtime: current } = statSync(file);
  const other = `${file}.new`;
  writeFileSync(other, 'module.exports = 3;');
  utimesSync(other, atime, current);
  renameSync(other, file);
  expect(read(file)).toBe('module.exports = 3;');
  expect(read.stats).toEqual({ hits: 0, misses: 3 });
});

test("GIVEN jest's file cache THEN installed files come from the shared sources, its own map first, and project files from jest", () => {
  const jestReads: string[] = [];
  const fileCache = {
    strings: new Map<string, string>([['/repo/node_modules/seen/index.js', 'already in this test file']]),
    readFile(filename: string) {
      jestReads.push(filename);
      return `jest:${filename}`;
    },
  };
  const shared: string[] = [];
  shareSources(fileCache, (filename) => (shared.push(filename), `shared:${filename}`));
  expect(fileCache.readFile('/repo/node_modules/pkg/index.js')).toBe('shared:/repo/node_modules/pkg/index.js');
  expect(fileCache.readFile('/repo/node_modules/pkg/index.js')).toBe('shared:/repo/node_modules/pkg/index.js');
  expect(fileCache.readFile('/repo/node_modules/seen/index.js')).toBe('already in this test file');
  expect(fileCache.readFile('/repo/lib/platform.ts')).toBe('jest:/repo/lib/platform.ts');
  expect(shared).toEqual(['/repo/node_modules/pkg/index.js']);
  expect(jestReads).toEqual(['/repo/lib/platform.ts']);
  expect([isInstalled('/repo/node_modules/a.js'), isInstalled('/repo/lib/a.ts')]).toEqual([true, false]);
});
