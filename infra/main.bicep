// Disclosure.Functions: the whole system in one deployment (azd up, or az deployment sub create).
//
//   resource group
//   ├─ user-assigned identity ─── the Function App runs as it; every access below is an RBAC role, no keys
//   ├─ runtime storage account ── AzureWebJobsStorage (host leases, timers) + Flex Consumption deployment container
//   ├─ data storage account ───── tables, blobs, queues of the application, and the public site ($web)
//   ├─ hosting plan + Function App (Flex Consumption FC1 by default; Elastic Premium or dedicated where FC1 is absent)
//   ├─ Log Analytics + Application Insights (Entra-authenticated ingestion)
//   ├─ Key Vault for every secret (forms' token key, SMTP password, group robots' URLs): Key Vault references, RBAC
//   ├─ optional virtual network: VNet integration, private endpoints for storage and Key Vault, private DNS zones
//   ├─ optional Azure AI Language (cloud PII detector)
//   └─ optional Azure Front Door in front of the static website (caching, security headers)
//
// The modules are local files, each named after the Azure Verified Module it stands in for (see infra/README.md).
// No endpoint is written out: hosts come from resource properties or environment(), so Azure China works unchanged.

targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; part of every resource name.')
param environmentName string

@minLength(1)
@description('Region of every regional resource.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the person or pipeline deploying; receives data-plane roles for the post-provision step. Empty: none.')
param principalId string = ''

@allowed(['User', 'ServicePrincipal', 'Group'])
param principalType string = 'User'

@description('Name of the resource group; default rg-<environmentName>.')
param resourceGroupName string = ''

@description('FlexConsumption (FC1) where offered; ElasticPremium (EP1) or Dedicated in clouds and regions without it, such as Azure China.')
@allowed(['FlexConsumption', 'ElasticPremium', 'Dedicated'])
param hostingPlan string = 'FlexConsumption'

@description('SKU when hostingPlan is Dedicated.')
param dedicatedSkuName string = 'P1v3'

@description('Entra-only telemetry ingestion. A public-cloud feature: set false in Azure China.')
param applicationInsightsDisableLocalAuth bool = true

@description('Deploy Azure AI Language for the cloud PII detector.')
param deployLanguage bool = false

@allowed(['F0', 'S'])
param languageSkuName string = 'S'

@description('Put Azure Front Door (Standard) in front of the public site, adding caching and security headers.')
param enableFrontDoor bool = false

@description('Content-Security-Policy that Front Door adds to every page of the public site.')
param contentSecurityPolicy string = 'default-src \'self\'; script-src \'self\' \'wasm-unsafe-eval\'; style-src \'self\'; img-src \'self\' data:; font-src \'self\'; connect-src \'self\'; object-src \'none\'; base-uri \'self\'; form-action \'self\'; frame-ancestors \'none\'; upgrade-insecure-requests'

@description('Client (application) id of the Entra ID app registration that protects the API. Empty: the API refuses every request except /api/health until it is set.')
param authClientId string = ''

@description('The app role value that lets a person submit items (Identity__SubmitterRole).')
param submitterRole string = 'Submitter'
@description('Let the tenant guest accounts sign in to the workbench. Off: members only.')
param allowGuests bool = false

@description('Key of the workbench forms\' anti-forgery tokens (FormTokens__Key), kept in the Key Vault. Empty: a new one each deployment (newFormTokenKey), so forms opened before a deployment must be opened again; give one (openssl rand -base64 32) to keep them valid.')
@secure()
param formTokenKey string = ''
@description('The key used when formTokenKey is empty: new for every deployment, so no two environments share one. Not meant to be set.')
@secure()
param newFormTokenKey string = newGuid()

@description('NCRONTAB in UTC (Linux plans ignore WEBSITE_TIME_ZONE). 18:00 UTC = 02:00 China Standard Time.')
param nightlyPublicationSchedule string = '0 0 18 * * *'
@description('NCRONTAB in UTC. 22:30 UTC = 06:30 China Standard Time.')
param reminderSchedule string = '0 30 22 * * *'
@description('NCRONTAB in UTC. 19:00 UTC on day 1 = 03:00 China Standard Time on the 2nd of each month.')
param selfInspectionSchedule string = '0 0 19 1 * *'
@description('NCRONTAB in UTC. Every 5 minutes: deliver the outbox and retry failed notifications.')
param outboxDispatchSchedule string = '0 */5 * * * *'

@description('SMTP relay for notifications; empty keeps notifications in the outbox table.')
param smtpHost string = ''
param smtpPort string = '587'
param smtpFrom string = ''
@description('Mailbox of the people who run the platform: alerts when a check or a page fails for good (检查失败, 发布失败). Empty: alerts stay in the outbox page.')
param operatorsEmail string = ''
@description('SMTP user name; empty for a relay that does not authenticate.')
param smtpUser string = ''
@secure()
@description('SMTP password: kept in a Key Vault deployed for it, read by the app through a Key Vault reference. Empty deploys no vault.')
param smtpPassword string = ''

@secure()
@description('企业微信 / 钉钉 group robots by the target name the plan uses (letters, digits, hyphens): {"bgs-wecom": {"url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"}, "bgs-dingtalk": {"url": "https://oapi.dingtalk.com/robot/send?access_token=…", "secret": "SEC…"}}. Kept in the Key Vault; the app reads Key Vault references.')
param webhookTargets object = {}
@secure()
@description('The same robots as JSON text, for azd, which passes its environment variables as text (DISCLOSURE_WEBHOOK_TARGETS). Added to webhookTargets; a target named in both is taken from here.')
param webhookTargetsJson string = ''

@description('An obligation is announced when it falls due within this many working days (Reminders__LeadWorkingDays).')
@minValue(0)
param reminderLeadWorkingDays int = 5
@description('Working days overdue after which the leadership group is told, first and second time (Reminders__EscalationThresholds__0, __1).')
@minValue(1)
param reminderFirstEscalationWorkingDays int = 5
@minValue(1)
param reminderSecondEscalationWorkingDays int = 10
@description('Applications (依申请公开): working days before a 补正告知 or reply date on which the first reminder goes out (Applications__FirstReminderWorkingDays); at most the 20-working-day reply period.')
@minValue(1)
@maxValue(20)
param applicationFirstReminderWorkingDays int = 5
@description('The second reminder, fewer working days before than the first; 0 is the day itself (Applications__SecondReminderWorkingDays).')
@minValue(0)
@maxValue(19)
param applicationSecondReminderWorkingDays int = 1

@description('Join the Function App to a virtual network and reach storage (blob, queue, table) and Key Vault through private endpoints with private DNS zones. Off: public endpoints with Entra ID only.')
param enableVirtualNetwork bool = false
@description('Address space of that network; the app and private-endpoint subnets are its first two /24s.')
param virtualNetworkAddressPrefix string = '10.40.0.0/16'

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var names = {
  identity: 'id-api-${resourceToken}'
  runtimeStorage: 'stfn${resourceToken}'
  dataStorage: 'stdata${resourceToken}'
  logAnalytics: 'log-${resourceToken}'
  applicationInsights: 'appi-${resourceToken}'
  plan: 'plan-${resourceToken}'
  language: 'lang-${resourceToken}'
  frontDoor: 'afd-${resourceToken}'
  keyVault: 'kv-${resourceToken}'
  network: resourceToken
}
var robots = union(webhookTargets, empty(webhookTargetsJson) ? {} : json(webhookTargetsJson))
var functionAppName = 'func-api-${resourceToken}'
// Flex Consumption keeps the deployment package in this container of the runtime account.
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(toLower(uniqueString(functionAppName, resourceToken)), 7)}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'core/identity/user-assigned-identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module runtimeStorage 'core/storage/storage-account.bicep' = {
  name: 'runtime-storage'
  scope: rg
  params: {
    name: names.runtimeStorage
    location: location
    tags: tags
    containers: hostingPlan == 'FlexConsumption' ? [deploymentContainerName] : []
  }
}

module dataStorage 'core/storage/storage-account.bicep' = {
  name: 'data-storage'
  scope: rg
  params: {
    name: names.dataStorage
    location: location
    tags: tags
    // The work queues between stages (docs: architecture). The app creates tables and containers it needs.
    queues: [
      'compliance-checks'
      'render-pages'
      'decision-notices'
    ]
    skuName: 'Standard_ZRS'
    deleteRetentionDays: 30
  }
}

module monitoring 'core/monitor/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
    disableLocalAuth: applicationInsightsDisableLocalAuth
  }
}

module plan 'core/host/hosting-plan.bicep' = {
  name: 'plan'
  scope: rg
  params: {
    name: names.plan
    location: location
    tags: tags
    hostingPlan: hostingPlan
    dedicatedSkuName: dedicatedSkuName
  }
}

module language 'core/ai/language.bicep' = if (deployLanguage) {
  name: 'language'
  scope: rg
  params: {
    name: names.language
    location: location
    tags: tags
    skuName: languageSkuName
  }
}

module frontDoor 'core/cdn/front-door.bicep' = if (enableFrontDoor) {
  name: 'front-door'
  scope: rg
  params: {
    name: names.frontDoor
    tags: tags
    staticWebsiteEndpoint: dataStorage.outputs.webEndpoint
    contentSecurityPolicy: contentSecurityPolicy
  }
}

var portalBaseUrl = enableFrontDoor ? frontDoor!.outputs.publicUrl : dataStorage.outputs.webEndpoint

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    location: location
    tags: tags
    hostingPlan: hostingPlan
    appServicePlanId: plan.outputs.id
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    runtimeBlobEndpoint: runtimeStorage.outputs.blobEndpoint
    runtimeQueueEndpoint: runtimeStorage.outputs.queueEndpoint
    runtimeTableEndpoint: runtimeStorage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    dataBlobEndpoint: dataStorage.outputs.blobEndpoint
    dataQueueEndpoint: dataStorage.outputs.queueEndpoint
    dataTableEndpoint: dataStorage.outputs.tableEndpoint
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    applicationInsightsLocalAuthDisabled: applicationInsightsDisableLocalAuth
    portalBaseUrl: portalBaseUrl
    languageEndpoint: deployLanguage ? language!.outputs.endpoint : ''
    nightlyPublicationSchedule: nightlyPublicationSchedule
    reminderSchedule: reminderSchedule
    selfInspectionSchedule: selfInspectionSchedule
    outboxDispatchSchedule: outboxDispatchSchedule
    smtpHost: smtpHost
    smtpPort: smtpPort
    smtpFrom: smtpFrom
    smtpUser: smtpUser
    operatorsEmail: operatorsEmail
    smtpPasswordSecretUri: !empty(smtpPassword) ? keyVault.outputs.smtpPasswordSecretUri : ''
    webhookSecretUris: keyVault.outputs.webhookSecretUris
    reminderLeadWorkingDays: reminderLeadWorkingDays
    reminderFirstEscalationWorkingDays: reminderFirstEscalationWorkingDays
    reminderSecondEscalationWorkingDays: reminderSecondEscalationWorkingDays
    applicationFirstReminderWorkingDays: applicationFirstReminderWorkingDays
    applicationSecondReminderWorkingDays: applicationSecondReminderWorkingDays
    virtualNetworkSubnetId: enableVirtualNetwork ? network!.outputs.appSubnetId : ''
    seedSampleData: false
    authClientId: authClientId
    submitterRole: submitterRole
    allowGuests: allowGuests
    formTokenKeySecretUri: keyVault.outputs.formTokenKeySecretUri
  }
}

// GET /api/search through the same Front Door endpoint as the site (after both exist: each needs the other's address).
module frontDoorSearch 'core/cdn/front-door-search-route.bicep' = if (enableFrontDoor) {
  name: 'front-door-search'
  scope: rg
  params: {
    // The names front-door.bicep gives its profile and endpoint.
    profileName: names.frontDoor
    endpointName: names.frontDoor
    // After Front Door: the Function App already waits for it (its portal URL).
    functionAppHostName: api.outputs.defaultHostName
  }
}

// Always deployed: the forms' token key is a secret every deployment has.
module keyVault 'core/security/key-vault.bicep' = {
  name: 'key-vault'
  scope: rg
  params: {
    name: names.keyVault
    location: location
    tags: tags
    formTokenKey: !empty(formTokenKey) ? formTokenKey : newFormTokenKey
    smtpPassword: smtpPassword
    webhookTargets: robots
    publicNetworkAccess: enableVirtualNetwork ? 'Disabled' : 'Enabled'
  }
}

// The data and runtime accounts stay reachable publicly with Entra ID only: the portal is the data account's static
// website, and azd uploads the deployment package to the runtime account from outside the network.
module network 'core/network/private-network.bicep' = if (enableVirtualNetwork) {
  name: 'private-network'
  scope: rg
  params: {
    namePrefix: names.network
    location: location
    tags: tags
    addressPrefix: virtualNetworkAddressPrefix
    appSubnetDelegation: hostingPlan == 'FlexConsumption' ? 'Microsoft.App/environments' : 'Microsoft.Web/serverFarms'
    storageAccountIds: [
      dataStorage.outputs.id
      runtimeStorage.outputs.id
    ]
    keyVaultId: keyVault.outputs.id
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    // Names, not module outputs: they are known before deployment, so what-if can predict the assignments.
    runtimeStorageAccountName: names.runtimeStorage
    dataStorageAccountName: names.dataStorage
    applicationInsightsName: names.applicationInsights
    languageAccountName: deployLanguage ? names.language : ''
    keyVaultName: names.keyVault
    appIdentityName: names.identity
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
  dependsOn: [
    identity
    runtimeStorage
    dataStorage
    monitoring
    language
    keyVault
  ]
}

// azd stores these in the environment (.azure/<env>/.env); the post-provision hook reads them.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_HOSTING_PLAN string = hostingPlan
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output DATA_STORAGE_ACCOUNT_NAME string = dataStorage.outputs.name
output RUNTIME_STORAGE_ACCOUNT_NAME string = runtimeStorage.outputs.name
output PORTAL_BASE_URL string = portalBaseUrl
output STATIC_WEBSITE_ENDPOINT string = dataStorage.outputs.webEndpoint
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
