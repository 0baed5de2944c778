#!/usr/bin/env bash
# Before a pipeline stage deploys: CloudFormation drift detection on each of its stacks.
#   drift-check.sh <account> <region> <stack>...
# Fails (exit 1) when a stack has drifted, or its drift could not be determined, unless the stack is named in
# ACCEPT_DRIFT (comma-separated; the pipeline variable `acceptDrift`, set by whoever starts the execution after
# reviewing the drift). A stack that does not exist yet has nothing to drift from. Reads through the lookup role.
set -euo pipefail
here=$(dirname "$0")
# shellcheck source=assume-lookup-role.sh
. "$here/assume-lookup-role.sh"
account=$1 region=$2
shift 2
assume_lookup_role "$account" "$region"
poll_seconds=${DRIFT_POLL_SECONDS:-5}
accepted() { [[ ",${ACCEPT_DRIFT:-none}," == *",$1,"* ]]; }

failed=0
for stack in "$@"; do
  # Only "does not exist" means not deployed yet; any other error (throttling, access denied, expired credentials)
  # proves nothing about drift and stops the stage.
  if ! described=$(aws cloudformation describe-stacks --stack-name "$stack" --query 'Stacks[0].StackStatus' --output text 2>&1); then
    if [[ "$described" == *"does not exist"* ]]; then
      echo "$stack: not deployed yet, nothing to drift from"
      continue
    fi
    echo "$stack: cannot read the stack ($described); drift not checked" >&2
    failed=1
    continue
  fi
  id=$(aws cloudformation detect-stack-drift --stack-name "$stack" --query StackDriftDetectionId --output text)
  while :; do
    read -r detection drift <<<"$(aws cloudformation describe-stack-drift-detection-status --stack-drift-detection-id "$id" \
      --query '[DetectionStatus,StackDriftStatus]' --output text)"
    [[ "$detection" == DETECTION_IN_PROGRESS ]] || break
    sleep "$poll_seconds"
  done
  if [[ "$detection" == DETECTION_COMPLETE && "$drift" == IN_SYNC ]]; then
    echo "$stack: in sync"
  elif accepted "$stack"; then
    echo "$stack: $drift ($detection), accepted for this execution (acceptDrift)"
  else
    echo "$stack: $drift ($detection): review 'aws cloudformation describe-stack-resource-drifts --stack-name $stack'; revert the change, or start the execution with acceptDrift=$stack" >&2
    failed=1
  fi
done
exit "$failed"
