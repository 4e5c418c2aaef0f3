// The storage account's Event Grid system topic. Flex Consumption runs blob triggers only from Event
// Grid (DESIGN §1); the subscription to IngestBlob comes after the code deploy (post-deploy.bicep).
param name string
param location string
param tags object = {}
param storageAccountName string
@description('Log Analytics workspace that receives failed deliveries (a CSV drop that never reached IngestBlob).')
param logAnalyticsWorkspaceId string

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: systemTopic
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [{ categoryGroup: 'allLogs', enabled: true }]
    metrics: [{ category: 'AllMetrics', enabled: true }]
  }
}

output name string = systemTopic.name
