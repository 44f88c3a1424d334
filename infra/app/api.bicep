// The Function App (isolated worker, .NET 10, Linux) with its user-assigned identity, app settings and
// App Service Authentication. Corresponds to avm/res/web/site (kind functionapp,linux) with its config children.

param name string
param location string
param tags object = {}

@description('azd service name; azd finds the app to deploy to by this tag.')
param serviceName string = 'api'

@allowed(['FlexConsumption', 'ElasticPremium', 'Dedicated'])
param hostingPlan string
param appServicePlanId string

@description('Resource id of the user-assigned managed identity the app runs as.')
param identityId string
param identityClientId string

@description('Endpoints of the runtime storage account (AzureWebJobsStorage and, on Flex Consumption, the deployment package).')
param runtimeBlobEndpoint string
param runtimeQueueEndpoint string
param runtimeTableEndpoint string
@description('Blob container for the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Endpoints of the data account: items, audit, queues between stages, rendered pages ($web) and reports.')
param dataBlobEndpoint string
param dataQueueEndpoint string
param dataTableEndpoint string

param applicationInsightsConnectionString string
@description('True when Application Insights rejects telemetry that is not signed with Entra ID.')
param applicationInsightsLocalAuthDisabled bool

@description('Public URL of the disclosure portal (static website endpoint or Front Door endpoint), with trailing slash.')
param portalBaseUrl string

@description('Azure AI Language endpoint for the cloud PII detector; empty keeps the built-in detector only.')
param languageEndpoint string = ''

@description('NCRONTAB (UTC, six fields). 18:00 UTC is 02:00 China Standard Time.')
param nightlyPublicationSchedule string = '0 0 18 * * *'
@description('NCRONTAB (UTC). 22:30 UTC is 06:30 China Standard Time, before the working day starts.')
param reminderSchedule string = '0 30 22 * * *'
@description('NCRONTAB (UTC). 19:00 UTC on the 1st is 03:00 CST on the 2nd of each month.')
param selfInspectionSchedule string = '0 0 19 1 * *'
@description('NCRONTAB (UTC). Every 5 minutes: the outbox dispatcher delivers new messages and retries failed ones with backoff.')
param outboxDispatchSchedule string = '0 */5 * * * *'

param smtpHost string = ''
param smtpPort string = '587'
param smtpFrom string = ''
param smtpUser string = ''
@description('Mailbox for operator alerts (检查失败, 发布失败); empty keeps them in the outbox.')
param operatorsEmail string = ''
@description('Versionless Key Vault secret URI of the SMTP password; empty when the relay needs none.')
param smtpPasswordSecretUri string = ''

@description('Group robots by target name: {"bgs-wecom": {"url": "<Key Vault secret URI>", "secret": "<secret URI or empty>"}}; each becomes Key Vault references, never the URL itself.')
param webhookSecretUris object = {}

@description('Reminders__LeadWorkingDays: an obligation is announced when it falls due within this many working days.')
@minValue(0)
param reminderLeadWorkingDays int = 5
@description('Reminders__EscalationThresholds__0 and __1: working days overdue after which the leadership group is told.')
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

@description('Subnet the app joins for outbound traffic (VNet integration); empty: no virtual network.')
param virtualNetworkSubnetId string = ''

@description('Seed sample items on start. Never in production.')
param seedSampleData bool = false

@description('Client (application) id of the Entra ID app registration that protects the API. Empty: every request except /api/health is refused.')
param authClientId string = ''

@description('The app role (its value in the app registration) that lets a person submit items; a department claim alone does not.')
param submitterRole string = 'Submitter'
@description('Let guest accounts (B2B, acct claim 1) of the tenant sign in to the workbench. Off: members only.')
param allowGuests bool = false

@description('Versionless Key Vault secret URI of the key of the anti-forgery tokens in the workbench forms.')
param formTokenKeySecretUri string

@description('Flex Consumption: memory per instance.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048
@description('Flex Consumption: upper bound of instances.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

var isFlex = hostingPlan == 'FlexConsumption'

// Every setting the application reads, in ONE object. The settings-parity test (tests/Disclosure.Infra.Tests) reads
// this variable from the compiled template and compares it with the names the code uses, so keep it a plain object
// of parameters: no union() here and no resource references (Bicep would inline those and the names would disappear).
var appSettings = {
  // Data account, identity-based (Microsoft.Extensions.Azure client factory and the queue trigger's Connection = "Storage").
  Storage__credential: 'managedidentity'
  Storage__clientId: identityClientId
  Storage__blobServiceUri: dataBlobEndpoint
  Storage__queueServiceUri: dataQueueEndpoint
  Storage__tableServiceUri: dataTableEndpoint

  // Timer schedules, referenced as %Name% by the timer triggers.
  NightlyPublicationSchedule: nightlyPublicationSchedule
  ReminderSchedule: reminderSchedule
  SelfInspectionSchedule: selfInspectionSchedule
  OutboxDispatchSchedule: outboxDispatchSchedule

  // Options sections.
  Disclosure__SeedSampleData: string(seedSampleData)
  Language__Endpoint: languageEndpoint
  Smtp__Host: smtpHost
  Smtp__Port: smtpPort
  Smtp__From: smtpFrom
  Smtp__User: smtpUser
  // A Key Vault reference, resolved by the platform with keyVaultReferenceIdentity: the password is never an app setting.
  Smtp__Password: empty(smtpPasswordSecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${smtpPasswordSecretUri})'
  Compliance__OperatorEmails__0: operatorsEmail
  Reminders__LeadWorkingDays: string(reminderLeadWorkingDays)
  Reminders__EscalationThresholds__0: string(reminderFirstEscalationWorkingDays)
  Reminders__EscalationThresholds__1: string(reminderSecondEscalationWorkingDays)
  Applications__FirstReminderWorkingDays: string(applicationFirstReminderWorkingDays)
  Applications__SecondReminderWorkingDays: string(applicationSecondReminderWorkingDays)
  Portal__BaseUrl: portalBaseUrl
  Identity__SubmitterRole: submitterRole
  Identity__AllowGuests: string(allowGuests)
  // A Key Vault reference like the password: this module never receives a secret itself.
  FormTokens__Key: '@Microsoft.KeyVault(SecretUri=${formTokenKeySecretUri})'
}

// The robots' settings are named after their targets, so they cannot sit in the plain object above: each URL (it
// carries the robot's key) and 加签 secret is a Key Vault reference, resolved with keyVaultReferenceIdentity.
var webhookSettings = reduce(items(webhookSecretUris), {}, (all, target) => union(
  all,
  {
    'Webhooks__Targets__${target.key}__Url': '@Microsoft.KeyVault(SecretUri=${target.value.url})'
  },
  empty(target.value.secret)
    ? {}
    : {
        'Webhooks__Targets__${target.key}__Secret': '@Microsoft.KeyVault(SecretUri=${target.value.secret})'
      }
))

// What the Functions host needs, identical on every plan.
var hostSettings = {
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: runtimeBlobEndpoint
  AzureWebJobsStorage__queueServiceUri: runtimeQueueEndpoint
  AzureWebJobsStorage__tableServiceUri: runtimeTableEndpoint
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
}

// With local auth disabled, telemetry must be signed with the app's identity.
var telemetryAuthSettings = applicationInsightsLocalAuthDisabled
  ? {
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    }
  : {}

// Flex Consumption rejects these (runtime and version live in functionAppConfig). On Elastic Premium and dedicated
// plans they are required. WEBSITE_RUN_FROM_PACKAGE=1 runs the zip azd deploys, so no Azure Files content share
// (which would need a shared-key connection string) is configured.
var classicPlanSettings = isFlex
  ? {}
  : {
      FUNCTIONS_EXTENSION_VERSION: '~4'
      FUNCTIONS_WORKER_RUNTIME: 'dotnet-isolated'
      WEBSITE_RUN_FROM_PACKAGE: '1'
    }

// Flex Consumption: runtime, scale and the identity-based deployment container (no SAS, no shared key).
var flexConsumptionConfig = {
  deployment: {
    storage: {
      type: 'blobContainer'
      value: '${runtimeBlobEndpoint}${deploymentContainerName}'
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

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: appServicePlanId
    httpsOnly: true
    clientAffinityEnabled: false
    publicNetworkAccess: 'Enabled'
    keyVaultReferenceIdentity: identityId
    virtualNetworkSubnetId: empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId
    functionAppConfig: isFlex ? flexConsumptionConfig : null
    siteConfig: {
      linuxFxVersion: isFlex ? null : 'DOTNET-ISOLATED|10.0'
      // Timers need the host awake; Elastic Premium and Flex Consumption wake it themselves.
      alwaysOn: hostingPlan == 'Dedicated'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: isFlex ? null : 'Disabled'
      http20Enabled: true
      // With VNet integration every outbound call (storage, Key Vault, SMTP, robots) goes through the network, so the
      // private endpoints are used and the network's own rules apply to the rest.
      vnetRouteAllEnabled: !empty(virtualNetworkSubnetId)
    }
  }
}

resource settings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, webhookSettings, hostSettings, telemetryAuthSettings, classicPlanSettings)
}

// azd and the Functions tooling deploy with Entra tokens; basic (user name and password) publishing stays off.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

// App Service Authentication in front of every function. Only the health probe, the portal's search (public data,
// GET /api/search) and the public's applications are reachable without a token; the
// intake form and the review endpoints need an Entra ID identity. Without a client id the provider stays disabled,
// so the app fails closed (401) rather than open. The issuer is this tenant's, so accounts of other tenants never
// sign in; the app itself refuses the tenant's guests (acct claim 1) unless allowGuests, and wants the submitter
// role to submit (infra/README.md: app roles, assignment required).
resource auth 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
      // The health probe; the portal's search (anyone may search what the portal publishes); and 依申请公开, where anyone
      // may apply (Art. 27) and follows the application with the token of its status link: the form, the filing and the
      // status page. The office's pages under the same prefix check the signed-in identity in the app itself (401/403,
      // as on the local host, which has no App Service Authentication); the platform still passes a signed-in
      // person's identity on these paths and never one a client sent.
      excludedPaths: [
        '/api/health'
        '/api/search'
        '/api/applications'
        '/api/applications/*'
      ]
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: !empty(authClientId)
        registration: empty(authClientId)
          ? null
          : {
              clientId: authClientId
              openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
            }
        validation: empty(authClientId)
          ? null
          : {
              allowedAudiences: [
                'api://${authClientId}'
                authClientId
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

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
output uri string = 'https://${site.properties.defaultHostName}'
