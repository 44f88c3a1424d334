// The portal's query service behind the same Front Door endpoint as the static site (issue 19): GET /api/search goes to
// the Function App, everything else stays on the static website. Same origin, so the pages' Content-Security-Policy
// (connect-src 'self') allows it and no CORS is needed; answers are cached at the edge per query string for the minute
// the app allows (Cache-Control: public, max-age=60). A separate module because the Function App needs the Front Door
// address (portal URL) and this route needs the Function App's host name.

param profileName string
param endpointName string

@description('Rule set that adds the security headers to every response of the site (front-door.bicep names it so).')
param securityRuleSetName string = 'SecurityHeaders'

@description('Default host name of the Function App, as the site reports it.')
param functionAppHostName string

resource profile 'Microsoft.Cdn/profiles@2025-04-15' existing = {
  name: profileName
}

resource endpoint 'Microsoft.Cdn/profiles/afdEndpoints@2025-04-15' existing = {
  parent: profile
  name: endpointName
}

resource securityRuleSet 'Microsoft.Cdn/profiles/ruleSets@2025-04-15' existing = {
  parent: profile
  name: securityRuleSetName
}

resource originGroup 'Microsoft.Cdn/profiles/originGroups@2025-04-15' = {
  parent: profile
  name: 'query-service'
  properties: {
    loadBalancingSettings: {
      sampleSize: 4
      successfulSamplesRequired: 3
      additionalLatencyInMilliseconds: 50
    }
    // The one path App Service Authentication lets through besides the search itself.
    healthProbeSettings: {
      probePath: '/api/health'
      probeRequestType: 'GET'
      probeProtocol: 'Https'
      probeIntervalInSeconds: 120
    }
    sessionAffinityState: 'Disabled'
  }
}

resource origin 'Microsoft.Cdn/profiles/originGroups/origins@2025-04-15' = {
  parent: originGroup
  name: 'function-app'
  properties: {
    hostName: functionAppHostName
    originHostHeader: functionAppHostName
    httpPort: 80
    httpsPort: 443
    priority: 1
    weight: 1000
    enabledState: 'Enabled'
    enforceCertificateNameCheck: true
  }
}

resource route 'Microsoft.Cdn/profiles/afdEndpoints/routes@2025-04-15' = {
  parent: endpoint
  name: 'search'
  properties: {
    originGroup: {
      id: originGroup.id
    }
    ruleSets: [
      {
        id: securityRuleSet.id
      }
    ]
    supportedProtocols: ['Http', 'Https']
    // More specific than the site's '/*', so it wins for this path only.
    patternsToMatch: ['/api/search']
    forwardingProtocol: 'HttpsOnly'
    httpsRedirect: 'Enabled'
    linkToDefaultDomain: 'Enabled'
    enabledState: 'Enabled'
    cacheConfiguration: {
      // The query (q) and page (p) are the answer's key.
      queryStringCachingBehavior: 'UseQueryString'
      compressionSettings: {
        isCompressionEnabled: true
        contentTypesToCompress: [
          'application/json'
          'application/problem+json'
        ]
      }
    }
  }
  dependsOn: [
    origin
  ]
}
