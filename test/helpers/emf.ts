import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * A Powertools Metrics instance that really emits (whatever POWERTOOLS_METRICS_DISABLED says for the rest of the test
 * file), and the EMF documents it wrote to stdout, read back as CloudWatch would read them: so a test asserts on what
 * would be published, not on calls to a mock.
 */
export function emittingMetrics(namespace: string, serviceName: string) {
  const saved = process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  const metrics = new Metrics({ namespace, serviceName });
  if (saved === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
  else process.env.POWERTOOLS_METRICS_DISABLED = saved;
  const lines: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  /** The sum of each metric over every EMF document written so far, keyed `namespace/name`. */
  const totals = (): Record<string, number> => {
    const sums: Record<string, number> = {};
    for (const line of lines.flatMap((l) => l.split('\n')).filter((l) => l.startsWith('{'))) {
      const doc = JSON.parse(line);
      for (const directive of doc._aws?.CloudWatchMetrics ?? []) {
        for (const { Name } of directive.Metrics) {
          const value = doc[Name];
          const key = `${directive.Namespace}/${Name}`;
          sums[key] = (sums[key] ?? 0) + (Array.isArray(value) ? value.reduce((a: number, b: number) => a + b, 0) : value);
        }
      }
    }
    return sums;
  };
  return { metrics, totals, restore: () => write.mockRestore(), lines };
}
