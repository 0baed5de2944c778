/**
 * The benchmark's floor: bin/app.ts without the compliance gate. The same configuration, the same stacks, the same
 * bundling, built and synthesized by the same CLI, but no cdk-nag pack, no TenantBaseline pack, no acknowledgement
 * audit, no schema validation and no report. bench/synth.mjs divides the real app's time by this one's.
 */
import { App } from 'aws-cdk-lib';
import { loadPlatformConfig, selectTenants } from '../lib/config/platform-config';
import { buildPlatform } from '../lib/platform';

const app = new App({ builtinCloudFormationValidation: false });
const config = loadPlatformConfig(app.node.tryGetContext('config'));
const tenant = app.node.tryGetContext('tenant');
buildPlatform(app, config, { onlyTenants: tenant === undefined ? undefined : selectTenants(config, tenant) });
app.synth();
