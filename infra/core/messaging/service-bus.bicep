// Service Bus for the assessment.published events (CONTRACT §5): Standard tier, because duplicate
// detection (MessageId = runId, so a resend from the outbox is dropped) needs it. Entra ID only.
param name string
param location string
param tags object = {}
param topicName string
@description('Principal that publishes to the topic (the app\'s identity).')
param senderPrincipalId string
@description('Log Analytics workspace that receives the namespace\'s operational logs and metrics.')
param logAnalyticsWorkspaceId string

// Azure Service Bus Data Sender
var dataSenderRoleId = '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }

  resource topic 'topics' = {
    name: topicName
    properties: {
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: 'P1D'
      defaultMessageTimeToLive: 'P14D'
      maxSizeInMegabytes: 1024
    }
  }
}

// Scoped to the topic: the app sends there and nowhere else.
resource senderRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(namespace::topic.id, senderPrincipalId, dataSenderRoleId)
  scope: namespace::topic
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataSenderRoleId)
    principalId: senderPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: namespace
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [{ categoryGroup: 'allLogs', enabled: true }]
    metrics: [{ category: 'AllMetrics', enabled: true }]
  }
}

// ServiceBus__fullyQualifiedNamespace takes the host name, not the https://...:443/ endpoint.
output fullyQualifiedNamespace string = split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':')[0]
output name string = namespace.name
output topicName string = namespace::topic.name
