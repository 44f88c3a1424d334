// Log Analytics workspace plus a workspace-based Application Insights component.
// Corresponds to the Azure Verified Module avm/ptn/azd/monitoring (which wraps avm/res/operational-insights/workspace
// and avm/res/insights/component).

param logAnalyticsName string
param applicationInsightsName string
param location string
param tags object = {}

@description('Reject telemetry that is not signed with Microsoft Entra ID. Entra-authenticated ingestion is a public-cloud feature: set false in Azure China.')
param disableLocalAuth bool = true

@minValue(30)
@maxValue(730)
param retentionInDays int = 90

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      enableLogAccessUsingOnlyResourcePermissions: true
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: disableLocalAuth
    IngestionMode: 'LogAnalytics'
  }
}

output applicationInsightsName string = applicationInsights.name
output applicationInsightsId string = applicationInsights.id
// The connection string names the ingestion endpoint; with local auth disabled it is not a credential.
output applicationInsightsConnectionString string = applicationInsights.properties.ConnectionString
output logAnalyticsWorkspaceId string = workspace.id
