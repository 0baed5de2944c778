export const JEST_FORMATTER: string;
export function plainFormat(object: unknown, frames: readonly NodeJS.CallSite[]): string;
export function installPlainStacks(ErrorConstructor?: { prepareStackTrace?: unknown }): void;
