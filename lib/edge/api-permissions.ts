import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { acknowledge } from '../acknowledgements/acknowledge';

/**
 * API Gateway's invoke permissions (one per integration and stage, one for the token authorizer) name their API in
 * `SourceArn`, built with Fn::Join from the API id; CT.LAMBDA.PR.2 accepts only a literal or a resource reference there,
 * so each is acknowledged (catalog entry `apiInvokePermissionSourceArn`). Call it on each method once it exists (an
 * integration's permissions live under its method) and on the authorizer's function (its permission lives there).
 */
export function acknowledgeInvokePermissions(scope: IConstruct) {
  for (const node of scope.node.findAll()) {
    if (node instanceof lambda.CfnPermission && node.principal === 'apigateway.amazonaws.com') {
      acknowledge(node, 'apiInvokePermissionSourceArn');
    }
  }
}
