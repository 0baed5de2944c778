/** GuardDuty's findings as the platform routes them: the severity bands and the attack sequences' type prefix. */

/** GuardDuty severities: critical is 9.0-10.0, high 7.0-8.9, medium 4.0-6.9. */
export const GUARDDUTY_SEVERITY = { critical: 9, high: 7, medium: 4 } as const;

/** The finding types of GuardDuty's attack sequences (Extended Threat Detection): critical whatever their severity. */
export const ATTACK_SEQUENCE_PREFIX = 'AttackSequence:';
