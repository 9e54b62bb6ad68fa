// The TaskFunctions service in Azure: a Function App on the Flex Consumption plan running the isolated-worker
// app in src/TaskFunctions, the storage account that holds its Durable task hub, Application Insights on a Log
// Analytics workspace, and the user-assigned identity the app reaches storage and telemetry with (no keys).
// `azd up` deploys it (see azure.yaml and the README's "Deploying to Azure").
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; it names the resource group and seeds the names of the resources.')
param environmentName string

@minLength(1)
@description('Region of every resource. It must offer the Flex Consumption plan.')
@metadata({ azd: { type: 'location' } })
param location string

@description('Object id of the person deploying (azd passes it): granted read access to the task hub\'s tables and queues, to inspect executions in the portal. Empty grants nothing.')
param principalId string = ''

@description('Resource group to create; empty: rg-<environmentName>.')
param resourceGroupName string = ''

@description('Function App name (part of its URL, unique in Azure); empty: func-api-<token>.')
param functionAppName string = ''

@allowed([512, 2048, 4096])
@description('Memory of each Flex Consumption instance, in MB.')
param instanceMemoryMB int = 2048

@minValue(1)
@maxValue(1000)
@description('Most instances the app scales out to.')
param maximumInstanceCount int = 100

@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_GZRS'])
@description('Redundancy of the storage account that holds the task hub.')
param storageSku string = 'Standard_LRS'

@minValue(30)
@maxValue(730)
@description('Days the Log Analytics workspace keeps telemetry.')
param logRetentionInDays int = 30

@description('When true, Application Insights accepts only Microsoft Entra authenticated telemetry (the app\'s identity holds the role for it).')
param disableApplicationInsightsLocalAuth bool = false

@description('The app\'s own settings under the TaskFunctions configuration section, by path below it: { \'Worker:LiveLogInterval\': \'00:00:00.500\', \'Client:StoreCallTimeout\': \'00:00:05\' }. Each becomes the app setting TaskFunctions__<path with __>. Unset ones keep their defaults (README: Configuration).')
param taskFunctionsSettings { *: string } = {}

@description('When the retention timer purges finished executions (NCRONTAB with seconds; README: Retention). Hourly at minute 17 by default.')
param retentionSchedule string = '0 17 * * * *'

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }

// The Durable extension's settings live in host.json, which the platform's scale controller reads too; the
// deployment takes the task hub's name from there rather than keeping a second copy.
var durableTask = loadJsonContent('../host.json').extensions.durableTask

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-api-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
    retentionInDays: logRetentionInDays
    disableLocalAuth: disableApplicationInsightsLocalAuth
    publisherPrincipalId: identity.outputs.principalId
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    sku: storageSku
    deploymentContainerName: 'app-package-${resourceToken}'
    appPrincipalId: identity.outputs.principalId
    readerPrincipalId: principalId
  }
}

module functionApp 'app/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    name: !empty(functionAppName) ? functionAppName : 'func-api-${resourceToken}'
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    taskFunctionsSettings: taskFunctionsSettings
    retentionSchedule: retentionSchedule
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output TASK_HUB_NAME string = durableTask.hubName
@description('Base URL of the API: routes have no /api prefix, e.g. <url>/tasks.')
output SERVICE_API_URI string = functionApp.outputs.url
