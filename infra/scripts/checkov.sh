#!/usr/bin/env bash
# Synthesizes the stack offline and scans it (and docker/Dockerfile) with checkov.
# Exits non-zero on any failed check not listed in infra/.checkov.yaml.
#
# Four variants are scanned so every optional resource is covered: dev with the defaults
# (HTTP, no failover), prod with a hosted zone, a certificate and an alarm email, prod with a
# hosted zone and no certificate (the stack's own certificate, shared with CloudFront in
# us-east-1), and staging outside us-east-1 with a hosted zone (certificates in both regions, the
# health-check alarm's us-east-1 key and topic). The second prod goes to its own directory.
set -euo pipefail
cd "$(dirname "$0")/../.."

checkov="${CHECKOV:-}"
if [[ -z "$checkov" ]]; then
  if [[ -x .venv/bin/checkov ]]; then checkov=.venv/bin/checkov; else checkov=checkov; fi
fi

# The caller's INFRA_* settings must not change what is scanned.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^INFRA_' || true)

out=infra/cdktf.out
rm -rf "$out"
npm run --silent infra:build
INFRA_ENVIRONMENT=dev node dist/infra/infra/main.js
INFRA_ENVIRONMENT=prod \
  INFRA_HOSTED_ZONE=example.com \
  INFRA_RECORD_NAME=orders \
  INFRA_CERTIFICATE_ARN=arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000 \
  INFRA_ALARM_EMAIL=ops@example.com \
  node dist/infra/infra/main.js
INFRA_ENVIRONMENT=prod \
  INFRA_HOSTED_ZONE=example.com \
  INFRA_RECORD_NAME=orders \
  CDKTF_OUTDIR=cdktf.out/prod-own-certificate \
  node dist/infra/infra/main.js
INFRA_ENVIRONMENT=staging \
  INFRA_REGION=eu-west-1 \
  INFRA_HOSTED_ZONE=example.com \
  INFRA_RECORD_NAME=orders \
  INFRA_ALARM_EMAIL=ops@example.com \
  node dist/infra/infra/main.js

# The once-per-account bootstrap (state bucket, OIDC provider, deploy roles, shared repositories).
INFRA_GITHUB_REPOSITORY=example/resilient-orders CDKTF_OUTDIR="$PWD/$out/bootstrap" \
  node dist/infra/infra/bootstrap/main.js

for stack in bootstrap/stacks/orders-bootstrap stacks/orders-dev stacks/orders-prod stacks/orders-staging prod-own-certificate/stacks/orders-prod; do
  [[ -s "$out/$stack/cdk.tf.json" ]] || { echo "synth did not produce $stack" >&2; exit 1; }
done

"$checkov" --config-file infra/.checkov.yaml --directory "$out/stacks" \
  --directory "$out/prod-own-certificate/stacks" --directory "$out/bootstrap/stacks" --directory docker
