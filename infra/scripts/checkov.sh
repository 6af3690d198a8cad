#!/usr/bin/env bash
# Synthesizes the stack offline through the cdktf CLI, as `cdktf deploy` does, and scans it (and
# docker/Dockerfile) with checkov. Needs Terraform 1.11+ for the synth (scripts/ensure-terraform.sh).
# Exits non-zero on any failed check not listed in infra/.checkov.yaml.
#
# Four variants of the orders stack are scanned so every optional resource is covered: dev with the defaults
# (HTTP, no failover), prod with a hosted zone, a certificate and an alarm email, prod with a
# hosted zone and no certificate (the stack's own certificate, shared with CloudFront in
# us-east-1), and staging outside us-east-1 with a hosted zone (certificates in both regions, the
# health-check alarm's us-east-1 key and topic); and the once-per-account bootstrap stack. Each goes
# to its own output directory.
set -euo pipefail
cd "$(dirname "$0")/../.."

checkov="${CHECKOV:-}"
if [[ -z "$checkov" ]]; then
  if [[ -x .venv/bin/checkov ]]; then checkov=.venv/bin/checkov; else checkov=checkov; fi
fi

# The caller's INFRA_* settings must not change what is scanned.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^INFRA_' || true)

source scripts/ensure-terraform.sh
out=infra/cdktf.out/checkov
rm -rf "$out" && mkdir -p "$out"
synth() { # synth VARIANT [NAME=VALUE...]: cdktf synth into $out/VARIANT with those INFRA_* settings
  local variant="$1"
  shift
  (cd infra && env "$@" CHECKPOINT_DISABLE=1 CI=1 npx cdktf synth --output "cdktf.out/checkov/$variant" >/dev/null)
}
synth dev INFRA_ENVIRONMENT=dev
synth prod \
  INFRA_ENVIRONMENT=prod \
  INFRA_HOSTED_ZONE=example.com \
  INFRA_RECORD_NAME=orders \
  INFRA_CERTIFICATE_ARN=arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000 \
  INFRA_ALARM_EMAIL=ops@example.com
synth prod-own-certificate \
  INFRA_ENVIRONMENT=prod \
  INFRA_HOSTED_ZONE=example.com \
  INFRA_RECORD_NAME=orders
synth staging \
  INFRA_ENVIRONMENT=staging \
  INFRA_REGION=eu-west-1 \
  INFRA_HOSTED_ZONE=example.com \
  INFRA_RECORD_NAME=orders \
  INFRA_ALARM_EMAIL=ops@example.com

# The once-per-account bootstrap (state bucket, OIDC provider, deploy roles, shared repositories).
(cd infra/bootstrap && env INFRA_GITHUB_REPOSITORY=example/resilient-orders CHECKPOINT_DISABLE=1 CI=1 \
  npx cdktf synth --output ../cdktf.out/checkov/bootstrap >/dev/null)

stacks=(dev/stacks/orders-dev prod/stacks/orders-prod prod-own-certificate/stacks/orders-prod staging/stacks/orders-staging
  bootstrap/stacks/orders-bootstrap)
for stack in "${stacks[@]}"; do
  [[ -s "$out/$stack/cdk.tf.json" ]] || { echo "synth did not produce $stack" >&2; exit 1; }
done

"$checkov" --config-file infra/.checkov.yaml --directory "$out/dev/stacks" --directory "$out/prod/stacks" \
  --directory "$out/prod-own-certificate/stacks" --directory "$out/staging/stacks" \
  --directory "$out/bootstrap/stacks" --directory docker
