import type { Stats } from 'node:fs';

export type ReadSource = ((filename: string) => string) & { stats: { hits: number; misses: number } };
export function createSourceCache(read?: (filename: string) => string, stat?: (filename: string) => Pick<Stats, 'mtimeMs' | 'size' | 'ino'>): ReadSource;
export function shareSources(fileCache: { strings: Map<string, string>; readFile(filename: string): string }, readSource: (filename: string) => string): void;
export function isInstalled(filename: string): boolean;
