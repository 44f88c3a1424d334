// The App Service plan for the Function App. Corresponds to avm/res/web/serverfarm.
// Flex Consumption (FC1) is the default. Regions and clouds that do not offer it (Azure China operated by 21Vianet,
// at the time of writing) use Elastic Premium or a dedicated plan instead.

param name string
param location string
param tags object = {}

@allowed(['FlexConsumption', 'ElasticPremium', 'Dedicated'])
param hostingPlan string = 'FlexConsumption'

@description('SKU of the dedicated plan, used only when hostingPlan is Dedicated.')
param dedicatedSkuName string = 'P1v3'

@description('Upper bound of instances on Elastic Premium.')
@minValue(1)
@maxValue(100)
param maximumElasticWorkerCount int = 10

var skus = {
  FlexConsumption: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  ElasticPremium: {
    name: 'EP1'
    tier: 'ElasticPremium'
  }
  Dedicated: {
    name: dedicatedSkuName
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: name
  location: location
  tags: tags
  kind: hostingPlan == 'ElasticPremium' ? 'elastic' : (hostingPlan == 'FlexConsumption' ? 'functionapp' : 'linux')
  sku: skus[hostingPlan]
  properties: {
    // Linux: the only OS that Flex Consumption offers, and the same everywhere keeps one deployment shape.
    reserved: true
    maximumElasticWorkerCount: hostingPlan == 'ElasticPremium' ? maximumElasticWorkerCount : null
  }
}

output id string = plan.id
output name string = plan.name
