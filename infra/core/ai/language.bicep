// Azure AI Language (Cognitive Services kind TextAnalytics) for the cloud PII detector.
// Corresponds to avm/res/cognitive-services/account. Keys are disabled: the Function App calls it with its managed
// identity, which needs a custom subdomain (token authentication does not work on the regional endpoint).

param name string
param location string
param tags object = {}

@allowed(['F0', 'S'])
param skuName string = 'S'

resource language 'Microsoft.CognitiveServices/accounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'TextAnalytics'
  sku: {
    name: skuName
  }
  properties: {
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

output name string = language.name
output id string = language.id
output endpoint string = language.properties.endpoint
