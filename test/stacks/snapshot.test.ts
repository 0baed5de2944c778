import { Template } from 'aws-cdk-lib/assertions';
import { buildPlatform } from '../../lib/platform';
import { exampleConfig, testApp } from '../helpers/app';

/**
 * Regression net only: one snapshot per stack type, asset hashes normalised (test/helpers/asset-hash-serializer.js).
 * Every security property is asserted by a named test elsewhere; a snapshot change is a prompt to read the diff.
 */
describe('stack snapshots', () => {
  const config = exampleConfig();
  const stacks = buildPlatform(testApp(), { ...config, tenants: config.tenants.slice(0, 1) });

  test('AccountBaseline', () => {
    expect(Template.fromStack(stacks.accountBaseline!).toJSON()).toMatchSnapshot();
  });

  test('NetworkHub', () => {
    expect(Template.fromStack(stacks.networkHub!).toJSON()).toMatchSnapshot();
  });

  test('ControlPlane', () => {
    expect(Template.fromStack(stacks.controlPlane!).toJSON()).toMatchSnapshot();
  });

  test('Tenant', () => {
    expect(Template.fromStack(stacks.tenants[0]).toJSON()).toMatchSnapshot();
  });
});
