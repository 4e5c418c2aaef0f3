# azd postdeploy hook on Windows (azure.yaml); the same steps as postdeploy.sh: subscribe IngestBlob to blobs created
# under incoming/ (infra/post-deploy.bicep) once the host has created its blobs_extension key.
$ErrorActionPreference = 'Stop'
foreach ($name in 'RESOURCE_GROUP', 'AZURE_FUNCTION_APP_NAME', 'AZURE_FUNCTION_APP_URL', 'EVENT_GRID_SYSTEM_TOPIC_NAME') {
  if (-not (Get-Item "env:$name" -ErrorAction SilentlyContinue)) { throw "$name is not set: run through azd, or set the outputs of infra/main.bicep" }
}
$container = if ($env:INGEST_CONTAINER_NAME) { $env:INGEST_CONTAINER_NAME } else { 'incoming' }

try { Invoke-WebRequest -UseBasicParsing "$env:AZURE_FUNCTION_APP_URL/api/health" | Out-Null } catch { }
for ($try = 1; -not (az functionapp keys list --resource-group $env:RESOURCE_GROUP --name $env:AZURE_FUNCTION_APP_NAME --query systemKeys.blobs_extension --output tsv 2>$null); $try++) {
  if ($try -ge 30) { throw "The host has not created its blobs_extension key after 5 minutes; check $env:AZURE_FUNCTION_APP_URL/api/health and run this again." }
  Start-Sleep -Seconds 10
  try { Invoke-WebRequest -UseBasicParsing "$env:AZURE_FUNCTION_APP_URL/api/health" | Out-Null } catch { }
}

az deployment group create --resource-group $env:RESOURCE_GROUP --name post-deploy `
  --template-file infra/post-deploy.bicep `
  --parameters functionAppName=$env:AZURE_FUNCTION_APP_NAME systemTopicName=$env:EVENT_GRID_SYSTEM_TOPIC_NAME containerName=$container `
  --output none
if ($LASTEXITCODE -ne 0) { throw "az deployment group create failed" }
Write-Host "IngestBlob receives new blobs under $container/ through Event Grid."
