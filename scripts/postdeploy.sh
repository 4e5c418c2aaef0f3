#!/bin/sh
# azd postdeploy hook (azure.yaml), also run by hand after a code deploy with the `az` route (infra/README.md):
# subscribes IngestBlob to blobs created under incoming/ (infra/post-deploy.bicep). The subscription's webhook needs
# the host's blobs_extension key, which the host creates only once it has started with the deployed code.
# Reads main.bicep's outputs, which azd puts in the environment (or export them yourself).
set -eu
: "${RESOURCE_GROUP:?RESOURCE_GROUP is not set: run through azd, or export the outputs of infra/main.bicep}"
: "${AZURE_FUNCTION_APP_NAME:?}" "${AZURE_FUNCTION_APP_URL:?}" "${EVENT_GRID_SYSTEM_TOPIC_NAME:?}"
INGEST_CONTAINER_NAME="${INGEST_CONTAINER_NAME:-incoming}"

# Wake the host (it creates the blobs_extension key as the blob extension starts), then wait for the key.
curl -fsS -o /dev/null "$AZURE_FUNCTION_APP_URL/api/health" || true
tries=0
until [ -n "$(az functionapp keys list --resource-group "$RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" \
               --query systemKeys.blobs_extension --output tsv 2>/dev/null)" ]; do
  tries=$((tries + 1))
  if [ "$tries" -ge 30 ]; then
    echo "The host has not created its blobs_extension key after 5 minutes; check $AZURE_FUNCTION_APP_URL/api/health and run this again." >&2
    exit 1
  fi
  sleep 10
  curl -fsS -o /dev/null "$AZURE_FUNCTION_APP_URL/api/health" || true
done

az deployment group create --resource-group "$RESOURCE_GROUP" --name post-deploy \
  --template-file infra/post-deploy.bicep \
  --parameters functionAppName="$AZURE_FUNCTION_APP_NAME" systemTopicName="$EVENT_GRID_SYSTEM_TOPIC_NAME" \
               containerName="$INGEST_CONTAINER_NAME" \
  --output none
echo "IngestBlob receives new blobs under $INGEST_CONTAINER_NAME/ through Event Grid."
