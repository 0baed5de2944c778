# Sourced by the delivery checks: assumes the CDK bootstrap lookup role (ReadOnlyAccess) of <account> <region> and
# exports its credentials, so the check reads the target environment and can change nothing there.
assume_lookup_role() {
  local account=$1 region=$2 qualifier=${CDK_QUALIFIER:-hnb659fds} partition=${AWS_PARTITION:-aws}
  local role="arn:${partition}:iam::${account}:role/cdk-${qualifier}-lookup-role-${account}-${region}"
  local creds
  creds=$(aws sts assume-role --role-arn "$role" --role-session-name "tenant-baseline-delivery-check" \
    --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text) || {
    echo "cannot assume $role: bootstrap ${account}/${region} with 'cdk bootstrap --trust <pipeline account>'" >&2
    return 1
  }
  read -r AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN <<<"$creds"
  export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
  export AWS_REGION=$region AWS_DEFAULT_REGION=$region
}
