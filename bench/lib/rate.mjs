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
