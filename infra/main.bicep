// The KPI pipeline on Azure Functions Flex Consumption (.NET 10 isolated worker), keyless: every
// connection is the user-assigned identity's (DESIGN §1 "Identity-based connections").
// The Event Grid subscription of the IngestBlob function needs the app's blobs_extension key, which
// exists only once the code is deployed: post-deploy.bicep adds it (README.md beside this file).
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the environment; with the subscription and location it seeds the unique suffix of every resource name.')
param environmentName string

@minLength(1)
@description('Region of every resource; it must offer Flex Consumption (az functionapp list-flexconsumption-locations).')
param location string

@description('Resource group name; rg-{environmentName} when empty.')
param resourceGroupName string = ''

@description('Function app name; func-pipeline-{token} when empty.')
param functionAppName string = ''

@description('Object id of a developer to grant the same data roles as the app (reading reports, dropping CSVs); none when empty.')
param principalId string = ''

@description('Create a Service Bus namespace with the topic `assessments` (CONTRACT §5); without it no events are sent.')
param enableServiceBus bool = true

@description('Company time zone, an IANA id (setting Pipeline:TimeZone); the host itself stays in UTC.')
param pipelineTimeZone string = 'Asia/Shanghai'

@description('When assessments run, NCRONTAB evaluated by the pipeline in the company time zone (Assessment:Schedule).')
param assessmentSchedule string = '0 0 2 1 * *'

@description('How often the host\'s timer wakes the pipeline, NCRONTAB in UTC (Assessment:Tick).')
param assessmentTick string = '0 5 * * * *'

@allowed(['zh-CN', 'en'])
@description('Default report language (Reports:Culture); both are always published.')
param reportsCulture string = 'zh-CN'

@description('App role a signed-in caller needs for reports and the portal (Auth:ReportReaderRole).')
param reportReaderRole string = 'Reports.Read'

@description('Client id of the Entra app registration for App Service Authentication; authentication stays off when empty (report routes then answer 401).')
param authClientId string = ''

@minValue(2)
@maxValue(365)
@description('Days a deleted or overwritten blob (a report, a processed drop) can be undeleted; point-in-time restore reaches one day less.')
param softDeleteRetentionDays int = 14

@minValue(1)
@description('Days earlier versions of a blob (reports overwritten by a later run) are kept.')
param versionRetentionDays int = 90

@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var appName = !empty(functionAppName) ? functionAppName : '${abbrs.webSitesFunctions}pipeline-${resourceToken}'

// The app's own containers and queues (CONTRACT §5, §6; DESIGN §3) and the deployment package's container.
var deploymentContainerName = 'deployments'
var ingestContainerName = 'incoming'
var blobContainers = [deploymentContainerName, 'reports', ingestContainerName, 'processed', 'ingest-errors', 'pipeline-state']
var queues = ['ingest', 'ingest-poison']

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'core/security/user-assigned-identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}pipeline-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'core/storage/storage-account.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    containers: blobContainers
    queues: queues
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsId
    softDeleteRetentionDays: softDeleteRetentionDays
    versionRetentionDays: versionRetentionDays
  }
}

module monitoring 'core/monitor/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
  }
}

module serviceBus 'core/messaging/service-bus.bicep' = if (enableServiceBus) {
  name: 'serviceBus'
  scope: rg
  params: {
    name: '${abbrs.serviceBusNamespaces}${resourceToken}'
    location: location
    tags: tags
    topicName: 'assessments'
    senderPrincipalId: identity.outputs.principalId
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsId
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    managedIdentityPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  // The host reaches storage through the identity from its first start: let the roles exist first.
  dependsOn: [rbac]
  params: {
    name: appName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: '${storage.outputs.blobEndpoint}${deploymentContainerName}'
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    serviceBusNamespace: serviceBus.?outputs.fullyQualifiedNamespace ?? ''
    pipelineTimeZone: pipelineTimeZone
    assessmentSchedule: assessmentSchedule
    assessmentTick: assessmentTick
    reportsCulture: reportsCulture
    reportReaderRole: reportReaderRole
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsId
  }
}

module auth 'app/auth.bicep' = if (!empty(authClientId)) {
  name: 'auth'
  scope: rg
  params: {
    functionAppName: api.outputs.name
    clientId: authClientId
  }
}

module storageEvents 'core/events/storage-system-topic.bicep' = {
  name: 'storageEvents'
  scope: rg
  params: {
    name: '${abbrs.eventGridSystemTopics}${resourceToken}'
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsId
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output RESOURCE_GROUP string = rg.name
output AZURE_RESOURCE_GROUP string = rg.name
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output LOG_ANALYTICS_WORKSPACE_NAME string = monitoring.outputs.logAnalyticsName
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output AZURE_FUNCTION_APP_URL string = api.outputs.url
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output EVENT_GRID_SYSTEM_TOPIC_NAME string = storageEvents.outputs.name
output INGEST_CONTAINER_NAME string = ingestContainerName
output SERVICE_BUS_NAMESPACE string = serviceBus.?outputs.fullyQualifiedNamespace ?? ''
