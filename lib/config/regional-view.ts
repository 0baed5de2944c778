/**
 * The platform's regions, and the regional view: the complete single-region configuration of one region. Each region is
 * an island (docs/network.md#regions): its own account baseline, network hub and control plane, with its own tenants
 * only; nothing routes between regions. The app builds each region from its view, the gate judges each region's
 * templates against its view's plan, and the deploy-time hook of each region bundles its view; so a stack of one region
 * can pass only against its own region's plan.
 */
import { PlatformConfig, TenantConfig } from './types';

/** The home region, then the additional regions in configured order; empty when the platform is not placed. */
export function platformRegions(config: Pick<PlatformConfig, 'placement'>): string[] {
  const { region, additionalRegions } = config.placement;
  return region === undefined ? [] : [region, ...(additionalRegions ?? [])];
}

/** The additional regions (not the home region), in configured order. */
export function additionalRegions(config: Pick<PlatformConfig, 'placement'>): readonly string[] {
  return config.placement.additionalRegions ?? [];
}

/** The region a tenant lives in: its own, else the home region (undefined when the platform is not placed). */
export function tenantRegion(config: Pick<PlatformConfig, 'placement'>, tenant: Pick<TenantConfig, 'region'>): string | undefined {
  return tenant.region ?? config.placement.region;
}

/**
 * Whether this configuration is the regional view of an additional region: its account baseline then carries no audit
 * trail (the home region's multi-region trail records every region) and no alarms on the trail's log group.
 */
export function isAdditionalRegionView(config: Pick<PlatformConfig, 'placement'>): boolean {
  return config.placement.homeRegion !== undefined;
}

/**
 * The configuration of one region of the platform, as a single-region platform: that region's tenants only, and
 * `placement.region` that region. The home region's view of a platform with no additional regions is the configuration
 * itself (so its templates are those of before regions existed). The view of an additional region names the home region
 * (`placement.homeRegion`) and leaves out what exists once, in the home region: the delivery pipeline (the organization
 * guardrails are built from the whole configuration, once). Tenant numbers (and so tenant CIDRs) stay unique
 * fleet-wide; the control plane keeps `controlPlane.cidr` in every region (no route joins two regions, so the same
 * block cannot collide).
 */
export function regionalConfig(config: PlatformConfig, region: string): PlatformConfig {
  const regions = platformRegions(config);
  if (!regions.includes(region)) {
    throw new Error(`regionalConfig: 'region' must be a region of the platform (${regions.join(', ') || 'none: placement.region is not set'}), got ${JSON.stringify(region)}`);
  }
  const home = config.placement.region!;
  if (region === home && additionalRegions(config).length === 0) {
    return config;
  }
  const { additionalRegions: _others, homeRegion: _home, replicatesDelivery: _replicates, ...placement } = config.placement;
  const { delivery, ...rest } = config;
  return {
    ...rest,
    tenants: config.tenants.filter((t) => tenantRegion(config, t) === region),
    placement: { ...placement, region, ...(region !== home ? { homeRegion: home, ...(delivery ? { replicatesDelivery: true as const } : {}) } : {}) },
    ...(delivery && region === home ? { delivery } : {}),
  };
}

/** Every region's view, home first. */
export function regionalConfigs(config: PlatformConfig): PlatformConfig[] {
  return platformRegions(config).map((region) => regionalConfig(config, region));
}
