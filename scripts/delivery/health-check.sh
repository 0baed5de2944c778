#!/usr/bin/env bash
# After a pipeline stage deploys: waits BAKE_SECONDS, then fails (exit 1) if any of the named platform alarms is
# missing or in ALARM in the platform's account and region, so the next wave does not start on a sick platform.
#   health-check.sh <account> <region> <alarm name>...
set -euo pipefail
here=$(dirname "$0")
# shellcheck source=assume-lookup-role.sh
. "$here/assume-lookup-role.sh"
account=$1 region=$2
shift 2
assume_lookup_role "$account" "$region"
sleep "${BAKE_SECONDS:-0}"
# Every watched alarm must exist (a renamed or deleted alarm would otherwise pass silently) and none be in ALARM.
states=$(aws cloudwatch describe-alarms --alarm-names "$@" --query 'MetricAlarms[].[AlarmName,StateValue]' --output text)
missing=()
firing=()
for name in "$@"; do
  state=$(awk -v n="$name" '$1 == n { print $2 }' <<<"$states")
  if [[ -z "$state" ]]; then
    missing+=("$name")
  elif [[ "$state" == ALARM ]]; then
    firing+=("$name")
  fi
done
if ((${#missing[@]} > 0)); then
  echo "platform alarms missing: ${missing[*]} (renamed or deleted?); the pipeline stops here" >&2
  exit 1
fi
if ((${#firing[@]} > 0)); then
  echo "platform alarms in ALARM after this stage: ${firing[*]} (see docs/runbooks.md); the pipeline stops here" >&2
  exit 1
fi
echo "no platform alarm in ALARM ($# watched)"
