// The Flex Consumption plan and function app. On Flex the runtime is named only in
// functionAppConfig.runtime: FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION, WEBSITE_TIME_ZONE
// and TZ are not app settings there (DESIGN §1). Setting names use `__`, never `:` (Linux).
param name string
param planName string
param location string
param tags object = {}
param identityId string
param identityClientId string
param storageAccountName string
@description('Blob container URL that holds the deployment package.')
param deploymentContainerUrl string
param applicationInsightsName string
@description('Service Bus host name (name.servicebus.windows.net); no events are sent when empty.')
param serviceBusNamespace string = ''
param pipelineTimeZone string
param assessmentSchedule string
param assessmentTick string
param reportsCulture string
param reportReaderRole string
param instanceMemoryMB int
param maximumInstanceCount int
@description('Log Analytics workspace that receives the host\'s logs (FunctionAppLogs) and the app\'s metrics.')
param logAnalyticsWorkspaceId string

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        // The host's storage and the app's own clients (StorageAccount.FromConfiguration): identity only.
        {
          name: 'AzureWebJobsStorage__accountName'
          value: storageAccountName
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identityClientId
        }
        // The connection string names the ingestion endpoint; with DisableLocalAuth it grants nothing
        // without the Entra token the authentication string asks for.
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: applicationInsights.properties.ConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${identityClientId};Authorization=AAD'
        }
        // The host's timer ticks in UTC; the pipeline evaluates the schedule in the company zone (CONTRACT §5).
        {
          name: 'Assessment__Tick'
          value: assessmentTick
        }
        {
          name: 'Assessment__Schedule'
          value: assessmentSchedule
        }
        {
          name: 'Pipeline__TimeZone'
          value: pipelineTimeZone
        }
        {
          name: 'Reports__Culture'
          value: reportsCulture
        }
        {
          name: 'Auth__ReportReaderRole'
          value: reportReaderRole
        }
        // Empty when Service Bus is off: the pipeline then sends no events.
        {
          name: 'ServiceBus__fullyQualifiedNamespace'
          value: serviceBusNamespace
        }
        {
          name: 'ServiceBus__clientId'
          value: empty(serviceBusNamespace) ? '' : identityClientId
        }
      ]
    }
  }

  // No publishing passwords: deploys authenticate with Entra ID (az / func use the signed-in user).
  resource scmCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }

  resource ftpCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: functionApp
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [{ categoryGroup: 'allLogs', enabled: true }]
    metrics: [{ category: 'AllMetrics', enabled: true }]
  }
}

output name string = functionApp.name
output url string = 'https://${functionApp.properties.defaultHostName}'
