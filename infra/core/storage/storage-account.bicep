// The pipeline's storage account: the host's own state (AzureWebJobsStorage), the app's tables, containers
// and queues, and the deployment package. Entra ID only: shared keys and SAS from keys are refused.
param name string
param location string
param tags object = {}
param containers string[]
param queues string[]
@description('Log Analytics workspace that receives the blob, queue and table logs and the transaction metrics.')
param logAnalyticsWorkspaceId string
@minValue(2)
@maxValue(365)
@description('Days a deleted or overwritten blob (a report, a processed drop) can be undeleted.')
param softDeleteRetentionDays int = 14
@minValue(1)
@description('Days earlier versions of a blob are kept before the lifecycle policy deletes them.')
param versionRetentionDays int = 90

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    dnsEndpointType: 'Standard'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }

  resource blobServices 'blobServices' = {
    name: 'default'
    properties: {
      // Reports and processed drops are the pipeline's record of what it did: a deleted or overwritten report can be
      // undeleted (soft delete) or read as it was (versioning: each run overwrites the period's latest files), and a
      // container rolled back to a point in time (point-in-time restore, which needs the change feed).
      isVersioningEnabled: true
      deleteRetentionPolicy: {
        enabled: true
        days: softDeleteRetentionDays
      }
      containerDeleteRetentionPolicy: {
        enabled: true
        days: softDeleteRetentionDays
      }
      changeFeed: {
        enabled: true
        retentionInDays: softDeleteRetentionDays
      }
      restorePolicy: {
        enabled: true
        days: softDeleteRetentionDays - 1
      }
    }

    resource blobContainers 'containers' = [for container in containers: {
      name: container
      properties: {
        publicAccess: 'None'
      }
    }]
  }

  resource queueServices 'queueServices' = {
    name: 'default'

    resource storageQueues 'queues' = [for queue in queues: {
      name: queue
    }]
  }

  // Tables are created by the pipeline itself (one per record kind, DESIGN §3).
  resource tableServices 'tableServices' = {
    name: 'default'
  }

  // Versions pile up (every run overwrites the period's latest reports; drops move out of incoming): keep them a while.
  resource lifecycle 'managementPolicies' = {
    name: 'default'
    properties: {
      policy: {
        rules: [
          {
            name: 'expire-earlier-versions'
            enabled: true
            type: 'Lifecycle'
            definition: {
              filters: {
                blobTypes: ['blockBlob']
              }
              actions: {
                version: {
                  delete: {
                    daysAfterCreationGreaterThan: versionRetentionDays
                  }
                }
              }
            }
          }
        ]
      }
    }
    dependsOn: [blobServices]
  }
}

// Every read, write and delete of blobs, queue messages and table rows, and the transaction metrics, in Log Analytics
// (StorageBlobLogs, StorageQueueLogs, StorageTableLogs): where a 403 or a throttled request shows up.
resource accountDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: storage
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    metrics: [{ category: 'Transaction', enabled: true }]
  }
}

resource blobDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: storage::blobServices
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [{ categoryGroup: 'allLogs', enabled: true }]
    metrics: [{ category: 'Transaction', enabled: true }]
  }
}

resource queueDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: storage::queueServices
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [{ categoryGroup: 'allLogs', enabled: true }]
    metrics: [{ category: 'Transaction', enabled: true }]
  }
}

resource tableDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: storage::tableServices
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [{ categoryGroup: 'allLogs', enabled: true }]
    metrics: [{ category: 'Transaction', enabled: true }]
  }
}

output id string = storage.id
output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
