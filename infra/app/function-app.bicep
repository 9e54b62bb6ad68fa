// The Function App on the Flex Consumption plan (Linux, .NET 10 isolated worker), deployed from a blob container
// and connected to storage and Application Insights with its user-assigned identity. The Durable extension's
// settings (task hub, concurrency, polling, queue visibility) come from host.json, which the platform's scale
// controller reads as well; the app's own settings are app settings under TaskFunctions__.

@description('Function App name.')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Region.')
param location string

@description('Tags.')
param tags { *: string }

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client id of the user-assigned identity.')
param identityClientId string

@description('Storage account behind AzureWebJobsStorage and the task hub.')
param storageAccountName string

@description('URL of the blob container that receives the deployment package.')
param deploymentContainerUrl string

@description('Application Insights connection string.')
param applicationInsightsConnectionString string

@description('Memory of each instance, in MB.')
param instanceMemoryMB int

@description('Most instances the app scales out to.')
param maximumInstanceCount int

@description('The app\'s settings by path below the TaskFunctions section (\'Worker:LiveLogInterval\').')
param taskFunctionsSettings { *: string }

@description('The schedule of the retention timer function (NCRONTAB with seconds), which it reads from its app setting.')
param retentionSchedule string

var platformSettings = {
  // Identity-based AzureWebJobsStorage: the Functions host and the Durable extension's Azure Storage provider
  // (connection name AzureWebJobsStorage in host.json) both use it; a user-assigned identity needs credential
  // and clientId.
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  // The timer trigger PurgeExpiredExecutions takes its schedule from this setting: without it the function does not load.
  TaskFunctions__Retention__Schedule: retentionSchedule
}

var appSettings = toObject(
  items(taskFunctionsSettings),
  setting => 'TaskFunctions__${replace(setting.key, ':', '__')}',
  setting => string(setting.value)
)

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
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

resource site 'Microsoft.Web/sites@2025-03-01' = {
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
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
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
      // The .NET version src/TaskFunctions targets (Directory.Build.props: net10.0).
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

resource settings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, platformSettings)
}

output name string = site.name
output url string = 'https://${site.properties.defaultHostName}'
