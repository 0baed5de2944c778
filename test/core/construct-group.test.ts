/**
 * ConstructGroup: named parts of a stack that are not part of their children's logical ids. Logical ids are API
 * (CloudFormation replaces a resource whose id moves), so the grouping must leave every id exactly where it was.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnElement, CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ConstructGroup, makeUniqueId } from '../../lib/core/construct-group';
import { buildPlatform } from '../../lib/platform';
import { PlatformStack } from '../../lib/stacks/platform-stack';
import { exampleConfig, testApp } from '../helpers/app';

const PINNED: Record<string, string[]> = JSON.parse(readFileSync(join(__dirname, 'pinned-logical-ids.json'), 'utf8'));

class Group extends ConstructGroup {}
class TestStack extends PlatformStack {
  public readonly kind = 'tenant' as const;
}

describe('ConstructGroup', () => {
  const app = testApp();
  const stacks = buildPlatform(app, exampleConfig());

  test.each(['ControlPlane', 'Tenant-acme'])('GIVEN the example platform THEN every logical id of %s that existed before the split is still there', (name) => {
    const stack = app.node.findChild(name) as Stack;
    const ids = Object.keys(Template.fromStack(stack).toJSON().Resources);
    for (const pinned of PINNED[name]) {
      const present = pinned.endsWith('*') ? ids.some((id) => id.startsWith(pinned.slice(0, -1))) : ids.includes(pinned);
      expect(present ? pinned : `${pinned} (missing)`).toBe(pinned);
    }
  });

  test("GIVEN every resource of the example platform THEN our copy of aws-cdk-lib's id algorithm gives the id the stack gave it, groups left out", () => {
    const all = [stacks.accountBaseline!, stacks.networkHub!, stacks.controlPlane!, ...stacks.tenants];
    let checked = 0;
    for (const stack of all) {
      for (const node of stack.node.findAll()) {
        // Elements whose id was set by hand (overrideLogicalId, as the RDS secret does) are not allocated at all.
        if (!(node instanceof CfnElement) || node.stack !== stack || !CfnResource.isCfnResource(node) || (node as unknown as { _logicalIdOverride?: string })._logicalIdOverride) {
          continue;
        }
        const scopes = node.node.scopes.slice(node.node.scopes.indexOf(stack) + 1);
        const expected = makeUniqueId(scopes.filter((s) => !(s instanceof ConstructGroup)).map((s) => s.node.id));
        const actual = stack.resolve(node.logicalId) as string;
        // API Gateway deployments name themselves after their content, on top of the allocated id.
        expect(actual.startsWith(expected) ? expected : actual).toBe(expected);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  test('GIVEN a group in a PlatformStack THEN its children keep the id they would have without it', () => {
    const stack = new TestStack(testApp(), 'S');
    new sqs.Queue(new Group(new Construct(stack, 'Part'), 'Named'), 'Queue');
    new sqs.Queue(new Construct(new Construct(stack, 'Other'), 'Plain'), 'Queue');
    const ids = Object.keys(Template.fromStack(stack).findResources('AWS::SQS::Queue'));
    expect(ids).toContain(makeUniqueId(['Part', 'Queue', 'Resource']));
    expect(ids).toContain(makeUniqueId(['Other', 'Plain', 'Queue', 'Resource']));
  });

  test('GIVEN a group in a plain Stack THEN it is refused rather than silently moving its children', () => {
    const stack = new Stack(testApp(), 'Plain');
    expect(() => new Group(stack, 'G')).toThrow("Plain/G: a ConstructGroup must be placed in a stack that keeps its children's logical ids (PlatformStack), got Stack");
  });

  test('GIVEN two groups whose children share an id THEN synthesis refuses the clash', () => {
    const stack = new TestStack(testApp(), 'S');
    new sqs.Queue(new Group(stack, 'A'), 'Queue');
    new sqs.Queue(new Group(stack, 'B'), 'Queue');
    expect(() => Template.fromStack(stack)).toThrow(/already contains/);
  });
});
