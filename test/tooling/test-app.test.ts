/**
 * The test apps' own context (TEST_ONLY_CONTEXT in test/helpers/app.ts) spares CDK work that only lands beside the
 * templates, never in them: a tenant stack (~200 resources of ~57 types) has the same template with it as with CDK's
 * defaults, and it does spare what it claims to.
 */
import { readdirSync } from 'node:fs';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { TenantStack } from '../../lib/stacks/tenant-stack';
import { exampleConfig, outsideCdkDebugMode, testApp, TEST_ONLY_CONTEXT } from '../helpers/app';

const CONFIG = exampleConfig();
/** What `cdk synth` does by default: creation stack traces, construct analytics (cdk.json sets the flag), staged assets. */
const CDK_DEFAULTS = { 'aws:cdk:disable-creation-stack-traces': false, '@aws-cdk/core:enableAdditionalMetadataCollection': true, 'aws:cdk:disable-asset-staging': false };

const build = (app: App): Stack => new TenantStack(app, 'Tenant-acme', { tenant: CONFIG.tenants[0], controlPlane: CONFIG.controlPlane, sidecar: CONFIG.sidecar });
const metadataTypes = (stack: Stack) => new Set(stack.node.findAll().flatMap((c) => c.node.metadata.map((m) => m.type)));

// CDK's debug mode records creation traces whatever the context says.
outsideCdkDebugMode();

test("GIVEN the test apps' context THEN the template is the one CDK's defaults give, and the spared metadata is not recorded", () => {
  expect(Object.keys(CDK_DEFAULTS).sort()).toEqual(Object.keys(TEST_ONLY_CONTEXT).sort());
  // Unstaged assets leave the template alone only without asset metadata (which `cdk synth` turns on: it would record
  // each asset's source path in its resource's metadata); test apps record none.
  expect(testApp().node.tryGetContext('aws:cdk:enable-asset-metadata')).toBeUndefined();
  const spared = build(testApp());
  const defaults = build(testApp({ context: CDK_DEFAULTS }));
  expect(Template.fromStack(spared).toJSON()).toEqual(Template.fromStack(defaults).toJSON());
  const recorded = metadataTypes(defaults);
  for (const type of ['aws:cdk:creationStack', 'aws:cdk:analytics:construct', 'aws:cdk:analytics:method']) {
    expect([type, recorded.has(type)]).toEqual([type, true]);
    expect([type, metadataTypes(spared).has(type)]).toEqual([type, false]);
  }
  const staged = (stack: Stack) => readdirSync((stack.node.root as App).outdir).filter((f) => f.startsWith('asset.'));
  expect(staged(defaults).length).toBeGreaterThan(0);
  expect(staged(spared)).toEqual([]);
});
