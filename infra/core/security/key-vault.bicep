// Key Vault for the few secrets the app needs (the SMTP relay's password), RBAC-authorised: the Function App reads
// them through Key Vault references with its user-assigned identity (rbac.bicep grants Key Vault Secrets User).
// Corresponds to avm/res/key-vault/vault with one secret.

param name string
param location string
param tags object = {}

@description('Name of the secret that holds the SMTP password.')
param smtpPasswordSecretName string = 'smtp-password'
@secure()
@description('The SMTP relay password; stored as a secret, never as an app setting.')
param smtpPassword string

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
    publicNetworkAccess: 'Enabled'
  }
}

resource smtpPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: smtpPasswordSecretName
  properties: {
    value: smtpPassword
    contentType: 'text/plain'
  }
}

output name string = vault.name
// The secret's address, not its value: the app setting becomes a Key Vault reference.
#disable-next-line outputs-should-not-contain-secrets
@description('Versionless, so a rotated password is picked up without redeploying the app.')
output smtpPasswordSecretUri string = '${vault.properties.vaultUri}secrets/${smtpPasswordSecret.name}'
