import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { CorsConfig, PrivateAdminApiConfig, ThrottlingConfig } from '../config/platform-config';
import { ADMIN_ENDPOINT } from '../config/private-admin-api-plan';
import { HTTPS_PORT } from '../naming';
import { ControlPlaneApi } from './control-plane-api';

export interface PrivateAdminApiProps {
  readonly vpc: ec2.IVpc;
  /** The control-plane private subnets: the endpoint's network interfaces live there (one per AZ). */
  readonly subnets: ec2.SubnetSelection;
  readonly config: PrivateAdminApiConfig;
  readonly encryptionKey: kms.IKey;
  /** The admin authorizer's function: the private API gets its own authorizer on it (an authorizer belongs to one API). */
  readonly authorizerFunction: lambda.IFunction;
  /** Not served here (the health check stays public), but ControlPlaneApi takes it. */
  readonly healthCheckFunction: lambda.IFunction;
  readonly tenantIds: readonly string[];
  readonly cors?: CorsConfig;
  readonly throttling?: ThrottlingConfig;
}

/**
 * The private admin API (controlPlane.privateAdminApi): an `execute-api` interface endpoint in the control-plane
 * private subnets (private DNS off: lib/config/private-admin-api-plan.ts; its policy admits invoking this account's APIs
 * only), its security group admitting TCP 443 from
 * the VPN ranges only and sending nothing, and the admin routes' REST API of endpoint type PRIVATE behind it, whose
 * resource policy admits invocations through that endpoint alone. AdminApi builds it as `Edge/Private`.
 */
export class PrivateAdminApi extends Construct {
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly endpoint: ec2.InterfaceVpcEndpoint;
  public readonly api: ControlPlaneApi;

  constructor(scope: Construct, id: string, props: PrivateAdminApiProps) {
    super(scope, id);
    this.securityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: props.vpc,
      description: 'Private admin API endpoint: HTTPS in from the VPN ranges only, nothing out',
      allowAllOutbound: false,
    });
    props.config.allowedCidrs.forEach((cidr) => this.securityGroup.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(HTTPS_PORT), `Operators on the VPN (${cidr})`));
    this.endpoint = new ec2.InterfaceVpcEndpoint(this, 'Endpoint', {
      vpc: props.vpc,
      service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY,
      subnets: props.subnets,
      securityGroups: [this.securityGroup],
      privateDnsEnabled: ADMIN_ENDPOINT.privateDnsEnabled,
      // `open` would add an ingress rule for the whole VPC: only the VPN ranges may connect.
      open: false,
    });
    // The endpoint reaches this account's APIs only: a VPN client cannot use it to call (or send data to) another
    // account's private API. Naming the admin API itself would be a cycle (the API names the endpoint).
    this.endpoint.addToPolicy(
      new iam.PolicyStatement({
        principals: [new iam.AnyPrincipal()],
        actions: ['execute-api:Invoke'],
        resources: [Stack.of(this).formatArn({ service: 'execute-api', resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME })],
      }),
    );
    this.api = new ControlPlaneApi(this, 'Api', {
      encryptionKey: props.encryptionKey,
      authorizerFunction: props.authorizerFunction,
      healthCheckFunction: props.healthCheckFunction,
      tenantIds: props.tenantIds,
      cors: props.cors,
      throttling: props.throttling,
      privateAdminApi: props.config,
      privateEndpoint: this.endpoint,
    });
  }
}
