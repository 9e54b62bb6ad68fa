// The user-assigned identity the Function App uses for storage (AzureWebJobsStorage, the Durable task hub, the
// deployment package) and for Application Insights. Created first, so its roles exist before the app starts.

@description('Identity name.')
param name string

@description('Region.')
param location string

@description('Tags.')
param tags { *: string }

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
