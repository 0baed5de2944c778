// Loaded first in each process of the construct tests (jest `setupFiles`, see jest.config.js): tsx compiles the
// TypeScript they load, test files through Node's ES module loader (jest-light-runner imports them) and everything they
// require through the CommonJS one. The same compiler runs the app under `cdk synth` (cdk.json), so these tests run
// the code as the CLI does; `tsc --noEmit` checks the types before jest starts.
import { register as registerCommonJs } from 'tsx/cjs/api';
import { register as registerEsm } from 'tsx/esm/api';

registerCommonJs();
registerEsm();
