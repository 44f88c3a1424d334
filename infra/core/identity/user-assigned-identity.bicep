// The identity the Function App runs as. It is user-assigned so role assignments can be made before the app exists
// and survive a re-creation of the app. Corresponds to avm/res/managed-identity/user-assigned-identity.

param name string
param location string
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
