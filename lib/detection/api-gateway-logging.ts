import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledgements/acknowledge';

/**
 * The account-and-region setting API Gateway needs before any stage can write execution logs: the role it uses to
 * push them to CloudWatch Logs. It is one setting per account and region, so it lives in the account baseline; the
 * control plane's API (deployed after it) relies on it.
 */
export class ApiGatewayLogging extends Construct {
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      description: 'API Gateway pushes execution logs to CloudWatch Logs (account setting)',
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonAPIGatewayPushToCloudWatchLogs')],
    });
    acknowledge(this.role, 'apiGatewayLoggingRole');
    new apigw.CfnAccount(this, 'Account', { cloudWatchRoleArn: this.role.roleArn });
  }
}
