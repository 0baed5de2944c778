import type { Context } from 'node:vm';

export interface CompileOptions {
  filename?: string;
  parsingContext?: Context;
  lineOffset?: number;
  columnOffset?: number;
  cachedData?: Buffer;
  produceCachedData?: boolean;
  importModuleDynamically?: unknown;
}
export type CompileFunction = ((code: string, params?: string[], options?: CompileOptions) => Function) & {
  stats?: { hits: number; misses: number };
};
export function shareable(code: string, options: CompileOptions | undefined): boolean;
export function createSharedCompileFunction(compileFunction?: CompileFunction): CompileFunction & { stats: { hits: number; misses: number } };
export function installSharedScripts(): void;
