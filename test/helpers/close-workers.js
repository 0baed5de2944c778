// Loaded after the test framework in every test file (jest `setupFilesAfterEnv`): ends the compliance gate's
// schema-validation worker threads the file started (lib/compliance/gate/schema-validation.ts keeps them in this
// global, one set per test file), so a jest worker does not carry one idle WebAssembly engine per finished file.
afterAll(async () => {
  const open = globalThis[Symbol.for('tenant-baseline.schema-validation-workers')];
  if (open) {
    await Promise.all([...open].map((worker) => worker.terminate()));
    open.clear();
  }
});
