export type ComponentStatus = 'ok' | 'degraded';

/** What the health check reveals: a status per component and overall, nothing else. */
export interface HealthReport {
  readonly status: ComponentStatus;
  readonly components: Readonly<Record<string, ComponentStatus>>;
}

/** A probe resolves when its component answers as healthy and rejects (or hangs) otherwise. */
export type Probe = () => Promise<void>;

/**
 * Runs every probe in parallel, each bounded by a timeout. A probe that fails or times out makes its component, and
 * the whole report, "degraded"; why it failed is passed to `onFailure` for the log and never enters the report.
 */
export async function checkHealth(probes: Readonly<Record<string, Probe>>, timeoutMs: number, onFailure: (component: string, error: unknown) => void = () => {}): Promise<HealthReport> {
  const names = Object.keys(probes).sort();
  const results = await Promise.all(
    names.map(async (name) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          probes[name](),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
          }),
        ]);
        return [name, 'ok'] as const;
      } catch (error) {
        onFailure(name, error);
        return [name, 'degraded'] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const components = Object.fromEntries(results) as Record<string, ComponentStatus>;
  return { status: results.every(([, s]) => s === 'ok') ? 'ok' : 'degraded', components };
}
