// Operations per second of an async function: a warm-up, then as many calls as fit in `durationMs`, `concurrency` at a
// time. One place, so every benchmark measures the same way.
export async function rate(fn, { durationMs = 3000, warmup = 200, concurrency = 1 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  let n = 0;
  const end = Date.now() + durationMs;
  while (Date.now() < end) {
    if (concurrency === 1) {
      for (let i = 0; i < 50; i++) await fn();
      n += 50;
    } else {
      await Promise.all(Array.from({ length: concurrency }, fn));
      n += concurrency;
    }
  }
  return n / (durationMs / 1000);
}

// The rate of `subject` against `baseline` on a shared machine: the two are measured in alternating short rounds, so
// a burst of load from another process hits both alike, and the ratio reported is the median of the per-round ratios
// (the rates are the medians of each). Total time: rounds * 2 * roundMs.
export async function ratio(subject, baseline, { rounds = 10, roundMs = 300, warmup = 200 } = {}) {
  for (let i = 0; i < warmup; i++) {
    await baseline();
    await subject();
  }
  const subjects = [];
  const baselines = [];
  for (let r = 0; r < rounds; r++) {
    baselines.push(await rate(baseline, { durationMs: roundMs, warmup: 0 }));
    subjects.push(await rate(subject, { durationMs: roundMs, warmup: 0 }));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { subjectPerSecond: median(subjects), baselinePerSecond: median(baselines), ratio: median(subjects.map((s, i) => s / baselines[i])) };
}
