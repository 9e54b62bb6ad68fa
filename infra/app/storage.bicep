// The storage account behind AzureWebJobsStorage: the Durable task hub (its queues, tables and blobs, which the
// Durable extension creates at start), the host's keys and leases, and the container Flex Consumption deploys
// the app package to. Shared keys are off: the app's identity reaches it through Microsoft Entra ID roles.

@description('Storage account name.')
param name string

@description('Region.')
param location string

@description('Tags.')
param tags { *: string }

@description('Redundancy SKU.')
param sku string

@description('Blob container for the deployment package.')
param deploymentContainerName string

@description('Principal of the app\'s identity: owns blobs, and reads and writes queues and tables.')
param appPrincipalId string

@description('Principal that may read the task hub\'s blobs, queues and tables in the portal; empty: none.')
param readerPrincipalId string

// What the Functions host and the Durable extension's Azure Storage provider need with an identity-based
// AzureWebJobsStorage connection.
var appRoles = [
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Storage Blob Data Owner
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor
]

var readerRoles = empty(readerPrincipalId) ? [] : [
  '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1' // Storage Blob Data Reader
  '19e7f393-937e-4f77-808e-94535e297925' // Storage Queue Data Reader
  '76199698-9eea-4c19-bc75-cec21354c6b6' // Storage Table Data Reader
]

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: sku }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource appRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in appRoles: {
    name: guid(account.id, appPrincipalId, roleId)
    scope: account
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource readerRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in readerRoles: {
    name: guid(account.id, readerPrincipalId, roleId)
    scope: account
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: readerPrincipalId
    }
  }
]

output name string = account.name
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deploymentContainer.name}'
