/**
 * The control plane or the account baseline built alone in its own app, exactly as `buildPlatform` builds it, for tests
 * that read only that stack: the stacks share no CloudFormation values (only SSM parameters and deploy order), so the others need
 * not be built and synthesized (the control plane alone is ~4x cheaper than the whole example platform).
 * test/tooling/platform-parts.test.ts proves each template equal to its twin's in the whole platform.
 */
import { App } from 'aws-cdk-lib';
import { PlatformConfig } from '../../lib/config/platform-config';
import { additionalRegions } from '../../lib/config/regional-view';
import { addAccountBaseline, addControlPlane, platformPlacement } from '../../lib/platform';
import { AccountBaselineStack } from '../../lib/stacks/account-baseline-stack';
import { ControlPlaneStack } from '../../lib/stacks/control-plane-stack';
import { testApp } from './app';

/** The home region's placement of a one-region configuration (what buildPlatform passes its stacks). */
function placementOf(config: PlatformConfig) {
  if (additionalRegions(config).length > 0) {
    throw new Error('platform-parts: one-region configurations only (build a multi-region platform with buildPlatform)');
  }
  return platformPlacement(config);
}

export function controlPlaneOf(config: PlatformConfig, app: App = testApp()): ControlPlaneStack {
  return addControlPlane(app, config, placementOf(config));
}

/** The account baseline of the platform's own account. */
export function accountBaselineOf(config: PlatformConfig, app: App = testApp()): AccountBaselineStack {
  return addAccountBaseline(app, config, placementOf(config));
}
