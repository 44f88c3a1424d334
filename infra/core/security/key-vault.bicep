// Key Vault for the few secrets the app needs (the forms' token key, the SMTP relay's password, the group robots' URLs and
// 加签 secrets), RBAC-authorised: the Function App reads
// them through Key Vault references with its user-assigned identity (rbac.bicep grants Key Vault Secrets User).
// Corresponds to avm/res/key-vault/vault with its secrets.

param name string
param location string
param tags object = {}

@description('Name of the secret that holds the key of the workbench forms\' anti-forgery tokens.')
param formTokenKeySecretName string = 'form-token-key'
@secure()
@description('That key (FormTokens__Key).')
param formTokenKey string

@description('Name of the secret that holds the SMTP password.')
param smtpPasswordSecretName string = 'smtp-password'
@secure()
@description('The SMTP relay password; stored as a secret, never as an app setting. Empty: no such secret.')
param smtpPassword string = ''

@secure()
@description('Group robots by target name: {"bgs-wecom": {"url": "https://…?key=…", "secret": "SEC…"}}. A robot URL carries its key, so URL and 加签 secret are both secrets.')
param webhookTargets object = {}

@description('Disabled once the vault has a private endpoint (the app reads it through the network; the deployment writes secrets through Azure Resource Manager, which the setting does not block).')
@allowed(['Enabled', 'Disabled'])
param publicNetworkAccess string = 'Enabled'

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: publicNetworkAccess
    networkAcls: {
      defaultAction: publicNetworkAccess == 'Enabled' ? 'Allow' : 'Deny'
      bypass: 'AzureServices'
    }
  }
}

resource formTokenKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: formTokenKeySecretName
  properties: {
    value: formTokenKey
    contentType: 'text/plain'
  }
}

resource smtpPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(smtpPassword)) {
  parent: vault
  name: smtpPasswordSecretName
  properties: {
    value: smtpPassword
    contentType: 'text/plain'
  }
}

// Secret names allow letters, digits and hyphens: so must the target names (the plan's webhook target codes).
resource webhookUrlSecrets 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = [
  for target in items(webhookTargets): {
    parent: vault
    name: 'webhook-${target.key}-url'
    properties: {
      value: target.value.url
      contentType: 'text/plain'
    }
  }
]

resource webhookSigningSecrets 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = [
  for target in filter(items(webhookTargets), t => !empty(t.value.?secret ?? '')): {
    parent: vault
    name: 'webhook-${target.key}-secret'
    properties: {
      value: target.value.secret
      contentType: 'text/plain'
    }
  }
]

output name string = vault.name
output id string = vault.id
// The secret's address, not its value: the app setting becomes a Key Vault reference.
#disable-next-line outputs-should-not-contain-secrets
@description('Versionless: the app reads the latest key after a deployment writes a new one (at its next restart or refresh).')
output formTokenKeySecretUri string = '${vault.properties.vaultUri}secrets/${formTokenKeySecretName}'
// Where the password is when one was given (main.bicep passes it on only then).
#disable-next-line outputs-should-not-contain-secrets
@description('Versionless, so a rotated password is picked up without redeploying the app.')
output smtpPasswordSecretUri string = '${vault.properties.vaultUri}secrets/${smtpPasswordSecretName}'

// Addresses again, by target: {"bgs-wecom": {"url": "<secret URI>", "secret": "<secret URI or empty>"}}.
#disable-next-line outputs-should-not-contain-secrets
output webhookSecretUris object = toObject(items(webhookTargets), t => t.key, t => {
  url: '${vault.properties.vaultUri}secrets/webhook-${t.key}-url'
  secret: empty(t.value.?secret ?? '') ? '' : '${vault.properties.vaultUri}secrets/webhook-${t.key}-secret'
})
