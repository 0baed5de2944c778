/**
 * The placement and delivery sections of the loaded configuration (docs/delivery.md); part of types.ts, which
 * re-exports them.
 */
import { AlertSubscription } from './types';

/**
 * The platform's home environment: the account and region of the hub and control plane. Tenants live in this region
 * (one hub per region), in this account or in other accounts of the organization, to which the hub's transit gateway is
 * shared through AWS RAM (docs/network.md#tenants-in-other-accounts).
 */
export interface PlacementConfig {
  /** The 12-digit account of the account baseline, hub, control plane and pipeline. @default - the profile's account */
  readonly account?: string;
  /**
   * The home region: its hub and control plane, and the organization guardrails and the delivery pipeline, which exist
   * once. Tenants live there unless their `region` names an additional region. Required when a tenant is in another
   * account, and with `additionalRegions`. @default - the profile's region
   */
  readonly region?: string;
  /**
   * Other regions the platform runs in, each an island of its own (docs/network.md#regions): its own account baseline,
   * network hub and control plane, its tenants attached only to its hub. Within `guardrails.allowedRegions`; never the
   * home region; requires `region`. Left out of the loaded configuration when not configured.
   * @default - none: the home region only
   */
  readonly additionalRegions?: readonly string[];
  /**
   * Set only in the regional view of an additional region (`regionalConfig`, lib/config/regional-view.ts): the home
   * region, whose account baseline holds the account's one multi-region trail. Never read from a file.
   * @default - none: this configuration is the home region's
   */
  readonly homeRegion?: string;
  /**
   * Set only in the regional view of an additional region of a platform with a pipeline: the region holds the
   * pipeline's replication store (docs/delivery.md#regions), so its plan (and its deploy-time hook's) knows that stack.
   * Never read from a file. @default - none
   */
  readonly replicatesDelivery?: true;
}

/** Where the pipeline's source comes from: a CodeConnections (CodeStar Connections) connection to a repository. */
export interface DeliverySource {
  /** `arn:aws:codeconnections:<region>:<account>:connection/<uuid>` (or the older `codestar-connections` ARN). */
  readonly connectionArn: string;
  /** `owner/name` of the repository. */
  readonly repository: string;
  /** The branch whose pushes start the pipeline. @default "main" */
  readonly branch: string;
}

export interface DeliveryConfig {
  readonly source: DeliverySource;
  /** The tenants deployed first, alone in the canary wave. @default - the first configured tenant */
  readonly canaryTenants: readonly string[];
  /** A manual approval after the canary wave's check and before the other waves. @default true */
  readonly approveAfterCanary: boolean;
  /**
   * Tenants per wave after the canary, deployed in parallel within the wave; 1..24 (each tenant is two actions of the
   * wave's stage, plus the drift and wave checks, within CodePipeline's 50 actions per stage).
   * @default 10
   */
  readonly waveSize: number;
  /** Who hears about failed executions and pending approvals (the pipeline's own topic, under the pipeline key). @default [] */
  readonly notifications: readonly AlertSubscription[];
}
