#!/usr/bin/env bash
# After a pipeline stage deploys: starts the account's network proofs (docs/assurance.md), which analyse every tenant
# ingress scope with Network Access Analyzer. It does not wait: a path found, or a run that fails, goes to the
# security topic. Runs with the pipeline step's own role (states:StartExecution on the runner only).
#   start-network-proofs.sh <account> <region> <stage> <state machine name>
set -euo pipefail
account=$1 region=$2 stage=$3 machine=$4
partition=$(aws sts get-caller-identity --region "$region" --query Arn --output text | cut -d: -f2)
arn="arn:${partition}:states:${region}:${account}:stateMachine:${machine}"
# Execution names: up to 80 of [A-Za-z0-9_-], unique for 90 days.
name=$(printf '%s-%s-%s' "$stage" "${CODEBUILD_BUILD_NUMBER:-manual}" "$(date -u +%Y%m%dT%H%M%S)" | tr -c 'A-Za-z0-9_-' '-' | cut -c1-80)
aws stepfunctions start-execution --region "$region" --state-machine-arn "$arn" --name "$name" --query executionArn --output text
