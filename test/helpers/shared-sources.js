'use strict';
/**
 * The installed packages' sources read once per jest worker, not once per test file.
 *
 * Jest keeps the files it reads in a cache that lives as long as one test file, so every file that builds stacks read
 * and decoded aws-cdk-lib's modules from disk again (~4 s of reads and ~1.5 s of UTF-8 decoding in one process over
 * npm test). This keeps the text of each file under node_modules for the worker's life, and hands it out only while
 * the file's modification time, size and inode are the ones it was read with (checked with a stat on every use, the
 * same test jest applies to its own transform results across test files); project sources go through jest as before.
 * The text is the same string every time, so the shared scripts (shared-scripts.js) compare it by identity.
 */
const { readFileSync, statSync } = require('node:fs');

/** A worker-wide source cache: `read(filename)` returns the current text of the file. */
function createSourceCache(read = (filename) => readFileSync(filename, 'utf8'), stat = statSync) {
  const sources = new Map();
  const stats = { hits: 0, misses: 0 };
  function readSource(filename) {
    const { mtimeMs, size, ino } = stat(filename);
    const entry = sources.get(filename);
    if (entry !== undefined && entry.mtimeMs === mtimeMs && entry.size === size && entry.ino === ino) {
      stats.hits++;
      return entry.text;
    }
    stats.misses++;
    const text = read(filename);
    sources.set(filename, { mtimeMs, size, ino, text });
    return text;
  }
  readSource.stats = stats;
  return readSource;
}

const isInstalled = (filename) => filename.includes('/node_modules/');

/** Makes a jest FileCache take installed packages' sources from `readSource` (its per-file map still comes first). */
function shareSources(fileCache, readSource) {
  const ownReadFile = fileCache.readFile.bind(fileCache);
  fileCache.readFile = (filename) => {
    if (!isInstalled(filename)) {
      return ownReadFile(filename);
    }
    let text = fileCache.strings.get(filename);
    if (text === undefined) {
      text = readSource(filename);
      fileCache.strings.set(filename, text);
    }
    return text;
  };
}

module.exports = { createSourceCache, shareSources, isInstalled };
