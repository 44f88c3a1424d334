#!/usr/bin/env bash
# Post-provision step: turn on the static website of the data account and, until the first nightly publication,
# put placeholder pages into $web.
#
# Why a script and not Bicep: the static website switch is a data-plane setting (Set Blob Service Properties) that
# ARM does not expose. A deploymentScripts resource could run it, but it needs Azure Container Instances and a
# storage account with a file share; neither fits an account with shared keys off, nor every Azure China region.
# The deployer's own Entra sign-in (az login / azd auth) is enough: enabling the website is a control action that
# Contributor on the resource group grants, and writing to $web uses the Storage Blob Data Contributor role that
# main.bicep assigns to principalId. Shared keys are off, so every call says --auth-mode login.
#
# azd runs this as the postprovision hook with the deployment outputs in the environment. By hand:
#   DATA_STORAGE_ACCOUNT_NAME=<name> bash infra/scripts/postprovision.sh
# Safe to run again: the properties are set to the same values and existing pages are never overwritten.
set -euo pipefail

account="${DATA_STORAGE_ACCOUNT_NAME:?DATA_STORAGE_ACCOUNT_NAME is not set (an output of infra/main.bicep)}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
subscription=()
if [[ -n "${AZURE_SUBSCRIPTION_ID:-}" ]]; then
  subscription=(--subscription "$AZURE_SUBSCRIPTION_ID")
fi

# Role assignments made by the deployment can take a few minutes to reach the storage data plane.
# (Inside `if`, bash ignores set -e, so the functions retried here return their failures explicitly.)
retry() {
  local attempt
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    if "$@"; then
      return 0
    fi
    echo "Attempt ${attempt} failed; waiting for role assignments to propagate..." >&2
    sleep 30
  done
  return 1
}

echo "Enabling the static website on ${account}..."
retry az storage blob service-properties update \
  --account-name "$account" \
  --static-website \
  --index-document index.html \
  --404-document 404.html \
  --auth-mode login \
  "${subscription[@]}" \
  --output none

upload_if_missing() {
  local page="$1"
  local exists
  exists="$(az storage blob exists --account-name "$account" --container-name '$web' --name "$page" \
    --auth-mode login "${subscription[@]}" --query exists --output tsv)" || return 1
  if [[ "$exists" == "true" ]]; then
    echo "\$web/${page} exists; left as it is."
    return 0
  fi
  az storage blob upload --account-name "$account" --container-name '$web' --name "$page" \
    --file "${here}/placeholder/${page}" \
    --content-type 'text/html; charset=utf-8' \
    --content-cache-control 'no-cache' \
    --auth-mode login "${subscription[@]}" --output none || return 1
  echo "Placeholder \$web/${page} uploaded."
}

retry upload_if_missing index.html
retry upload_if_missing 404.html

web_endpoint="$(az storage account show --name "$account" "${subscription[@]}" \
  --query primaryEndpoints.web --output tsv)"
echo "Public site: ${PORTAL_BASE_URL:-$web_endpoint}"
