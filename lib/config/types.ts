import { DeliveryConfig, PlacementConfig } from './delivery-types';
import { TenantBackupConfig } from './backup-types';
import { AccountBaselineConfig } from './account-baseline-types';

export type { DeliveryConfig, DeliverySource, PlacementConfig } from './delivery-types';
export type { TenantBackupConfig, VaultLockConfig } from './backup-types';
export type { AccountBaselineConfig, AlertSubscription, NetworkProofsConfig, TierSubscribers } from './account-baseline-types';
import { ControlPlaneDomainConfig, CorsConfig, PrivateAdminApiConfig, TenantApiAccessConfig, TenantRetentionConfig, ThrottlingConfig } from './edge-types';
export type { ControlPlaneDomainConfig, CorsConfig, PrivateAdminApiConfig, TenantApiAccessConfig, TenantRetentionConfig, ThrottleLimit, ThrottlingConfig } from './edge-types';
import { IdentityProviderConfig, PlanSigningConfig, WafConfig } from './control-plane-types';
export type { IdentityProviderConfig, PlanSigningConfig, WafConfig } from './control-plane-types';

/**
 * The platform configuration as the loader returns it: validated and fully defaulted, so no construct or stack decides
 * a default of its own. The file (`config/platform.json`) may leave out everything marked @default; the values are in
 * `defaults.ts`, written once.
 *
 * @example
 * {
 *   "controlPlane": { "cidr": "10.0.0.0/16" },
 *   "tenants": [{ "id": "acme", "number": 0 }]
 * }
 */
export interface PlatformConfig {
  /** The control plane's settings. */
  readonly controlPlane: ControlPlaneConfig;
  /** Every tenant of the fleet. May be empty; ids and numbers are unique. */
  readonly tenants: readonly TenantConfig[];
  /** The account baseline (detection and audit, once per account and region). @default - every field's default */
  readonly accountBaseline: AccountBaselineConfig;
  /** The tag-protection guardrail. @default - every field's default */
  readonly guardrails: GuardrailsConfig;
  /**
   * The metering sidecar the runtime hosts run, from a protected release store (requires
   * `controlPlane.identityProvider`: the sidecar reports to the control plane's heartbeats, and its alarms live there).
   * @default - no release store, and the hosts start no sidecar
   */
  readonly sidecar?: SidecarConfig;
  /**
   * Where the platform lives: the account and region of its account baseline, network hub, control plane and tenants.
   * Required by `delivery` (a pipeline deploys to named environments).
   * @default - environment-agnostic stacks (the deploying profile's account and region)
   */
  readonly placement: PlacementConfig;
  /**
   * The delivery pipeline (CDK Pipelines on CodePipeline V2 and CodeBuild) that rolls the platform out in waves
   * (docs/delivery.md). Requires `placement.account` and `placement.region`.
   * @default - no pipeline: the stacks are deployed by hand with `cdk deploy`
   */
  readonly delivery?: DeliveryConfig;
}

/** One release of the metering sidecar: the version and the SHA-256 the hosts require of its binary. */
export interface SidecarRelease {
  /** `MAJOR.MINOR.PATCH`, optionally `-prerelease` (letters, digits, dots): part of an S3 key and an SSM name. */
  readonly version: string;
  /** The SHA-256 of the release binary, 64 lowercase hex digits. */
  readonly sha256: string;
}

export interface SidecarConfig {
  /** The releases the store vouches for (1..10, unique versions): each one's hash becomes a protected SSM parameter. */
  readonly releases: readonly SidecarRelease[];
  /** The version every runtime host runs; one of `releases`. */
  readonly active: string;
  /**
   * Days each release object is locked (S3 Object Lock, compliance mode: no one can overwrite or delete that version
   * earlier, root included). 1..3650. @default 365
   */
  readonly retentionDays: number;
}

export interface ControlPlaneConfig {
  /**
   * The control-plane VPC's CIDR block: RFC 1918, /16 to /24, and outside the tenant address space
   * (10.100.0.0 - 10.255.255.255), so it can never collide with a tenant that is added later.
   *
   * @example "10.0.0.0/16"
   */
  readonly cidr: string;
  /**
   * The identity provider whose RS256 admin tokens the control-plane API accepts.
   * @default - no public API: the control plane is built without its edge
   */
  readonly identityProvider?: IdentityProviderConfig;
  /** The WAF in front of the API. @default - every field's default */
  readonly waf: WafConfig;
  /**
   * The plan-signing keys by name and the one that signs. A rotation adds a name, then makes it active, then removes
   * the old one (docs/signed-plans.md). @default { keys: ["initial"], active: "initial" }
   */
  readonly planSigning: PlanSigningConfig;
  /**
   * How long a sidecar heartbeat key is valid after its registration, 1..365 days (seed 001: rotate every 90 days).
   * The ingest refuses a key past its `notAfter` or past `registeredAt` + this (docs/heartbeats.md). @default 90
   */
  readonly sidecarKeyValidityDays: number;
  /**
   * GDPR right to erasure: how long a recorded erasure request waits for a second, different admin's confirmation,
   * 1..168 hours; after it the request can no longer be confirmed (docs/data-protection.md). @default 24
   */
  readonly erasureWindowHours: number;
  /**
   * GDPR right of access: days an export's archive (in each tenant's export bucket, under the tenant key) is kept
   * before S3 deletes it, 1..30 (docs/data-protection.md#export). @default 3
   */
  readonly exportRetentionDays: number;
  /** Browser (CORS) access to the admin routes: none by default, no CORS header, no OPTIONS. @default { allowedOrigins: [] } */
  readonly cors: CorsConfig;
  /** API Gateway throttling, stage-wide and per route (lib/config/throttle-plan.ts). @default - 100 rps / 200 burst, route defaults */
  readonly throttling: ThrottlingConfig;
  /**
   * The API's own host name (requires `identityProvider`): certificate, TLS 1.3 domain name, alias record, and the
   * default `execute-api` endpoint disabled (docs/edge.md#custom-domain).
   * @default - no custom domain: the API answers at its `execute-api` URL
   */
  readonly domain?: ControlPlaneDomainConfig;
  /**
   * The admin routes on a PRIVATE REST API reachable only through an `execute-api` interface endpoint in the
   * control-plane VPC, for operators on a VPN (requires `identityProvider`); the public API keeps the data-plane
   * routes (docs/edge.md#private-admin-api). @default - every route on the public API
   */
  readonly privateAdminApi?: PrivateAdminApiConfig;
}

export interface TenantConfig {
  /**
   * The tenant's id: a DNS-safe slug used in stack names (`Tenant-<id>`), aliases, tags and SSM paths.
   * 3-32 characters of a-z, 0-9 and '-', starting with a letter, not ending with '-', no '--'.
   */
  readonly id: string;
  /** The tenant number N, an integer in 0..155. The tenant's VPC is 10.(100+N).0.0/16. */
  readonly number: number;
  /** The workflow runtime's hosts. @default - every field's default */
  readonly runtime: TenantRuntimeConfig;
  /** The tenant database. @default - every field's default */
  readonly database: TenantDatabaseConfig;
  /** Restore testing of the tenant's backups. @default - every field's default */
  readonly backup: TenantBackupConfig;
  /** The tenant's API keys and usage plan for the routes its data plane calls. @default - every field's default */
  readonly apiAccess: TenantApiAccessConfig;
  /** How long the tenant's transient records are kept. @default { transientHours: 24 } */
  readonly retention: TenantRetentionConfig;
  /**
   * Days the tenant's log groups (flow logs, database logs, its functions' logs) are kept; one of the values CloudWatch
   * Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
   * 3653); never infinite.
   * @default 365
   */
  readonly logRetentionDays: number;
  /**
   * Where the tenant is in its lifecycle (docs/data-protection.md). `active`: its key and data stores are retained
   * whatever happens to the stack. `offboarding`: its key's DeletionPolicy becomes Delete with `keyDeletionWindowDays`
   * and its database and table lose deletion protection, so that destroying the stack, which CloudFormation does as the
   * deploy role, schedules the key's deletion: the one path the tag-protection SCP leaves open.
   * @default "active"
   */
  readonly state: 'active' | 'offboarding';
  /**
   * Days between the stack's deletion and the key's (KMS pending window, 7..30): the last chance to cancel an erasure.
   * Required when `state` is `offboarding`, refused otherwise.
   */
  readonly keyDeletionWindowDays?: number;
  /**
   * The GDPR erasure request this offboarding carries out: the id `POST /tenants/{tenantId}/erasure` returned, once a
   * second admin has confirmed it. The tenant key carries it as the tag `tenant-baseline:erasure-request`, so the
   * deployed offboarding can be checked against the control plane's ledger (docs/data-protection.md). Only with
   * `state: "offboarding"`; optional, as an offboarding need not come from a GDPR request (a contract that ended).
   * @default - none
   */
  readonly erasureRequestId?: string;
  /**
   * The regions this tenant's data may live in (data residency, e.g. `["eu-west-1", "eu-central-1"]`); within
   * `guardrails.allowedRegions` when that is set. A synth of this tenant for any other region, or for no region at
   * all, fails, and its stack is pinned to the region it was synthesized for.
   * @default [] (the platform's allowed regions)
   */
  readonly allowedRegions: readonly string[];
  /**
   * The tenant's account: the platform's (`placement.account`), or another account of the same AWS Organization, to
   * which the hub's transit gateway is then shared through AWS RAM (requires `placement.account` and `placement.region`;
   * docs/network.md#tenants-in-other-accounts). @default - the platform's account
   */
  readonly account?: string;
  /** The tenant's region: where a hub exists, i.e. `placement.region` or one of `placement.additionalRegions`. @default - the platform's (home) region */
  readonly region?: string;
}

export interface TenantRuntimeConfig {
  /** 1..20. @default 1 */
  readonly minHosts: number;
  /** 1..20, at least minHosts. @default 2 */
  readonly maxHosts: number;
  /** A Graviton (arm64) EC2 instance type, e.g. "t4g.medium", "m7g.large". @default "t4g.medium" */
  readonly instanceType: string;
}

export interface TenantDatabaseConfig {
  /** A standby in a second AZ; doubles the instance cost. Keep it on for production tenants. @default true */
  readonly multiAz: boolean;
  /** An RDS instance class without the "db." prefix, e.g. "t4g.medium", "r7g.large". @default "t4g.medium" */
  readonly instanceType: string;
  /** Automated backup retention, 7..35 days. @default 14 */
  readonly backupRetentionDays: number;
  /**
   * The application's database user: the runtime hosts connect only as it, with IAM authentication (no password);
   * a PostgreSQL identifier, not a reserved role (docs/data-protection.md). @default "app"
   */
  readonly appUser: string;
  /**
   * Exact IAM role ARNs (a deploy pipeline, an operator's role) that may assume the tenant's migration role, the one
   * role besides the provisioning function and the rotation that reads the master secret. At most 10, no wildcards.
   * @default [] (no migration role)
   */
  readonly migrationPrincipalArns: readonly string[];
}

export interface GuardrailsConfig {
  /**
   * The exact IAM role ARNs allowed to change protected resources: the platform's CloudFormation execution role in each
   * account (for CDK's default bootstrap, `arn:aws:iam::<account>:role/cdk-hnb659fds-cfn-exec-role-<account>-<region>`).
   * No wildcards: a pattern would let anyone who can create a role with a matching name escape the SCP.
   * @default [] (no SCP is written and no organization stack is built)
   */
  readonly deployRoleArns: readonly string[];
  /**
   * Organization roots, OUs or accounts to attach the SCPs to (requires deployRoleArns). When set, the app also builds the
   * `OrganizationGuardrails` stack (deploy it in the management account). @default [] (no stack; the JSON document only)
   */
  readonly organizationTargetIds: readonly string[];
  /**
   * The organization's id (`o-...`). With it the app writes the data-perimeter RCP (only the organization's identities,
   * and AWS services acting for it, reach the platform's S3, KMS, Secrets Manager, SQS and STS resources), and the
   * organization stack attaches it to the targets. @default - no data perimeter
   */
  readonly organizationId?: string;
  /**
   * The only AWS regions the platform may run in (data residency, e.g. EU regions only). A synth whose target region is
   * outside them (or a synth with no target region) fails before any stack is built, every stack is pinned to the
   * target region, and the app writes a region-deny SCP (attached by the organization
   * stack) that refuses every request outside them but for the global services. @default [] (no restriction)
   */
  readonly allowedRegions: readonly string[];
}
