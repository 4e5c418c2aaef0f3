// App Service Authentication (Easy Auth) with an Entra app registration that exposes the app role
// Reports.Read. Anonymous requests still reach the app: ingestion and assessment routes use function
// keys, and the app itself answers 401/403 on report routes without a principal carrying the role
// (CONTRACT §8). Turning this on is what makes the platform set WEBSITE_AUTH_ENABLED=True.
param functionAppName string
@description('Application (client) id of the Entra app registration.')
param clientId string

resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource authSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: clientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${clientId}'
            clientId
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
}
