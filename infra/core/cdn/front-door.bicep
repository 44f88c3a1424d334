// Azure Front Door (Standard) in front of the static website endpoint of the site account: HTTPS only, compression,
// caching that honours the Cache-Control the publisher writes, and security headers added at the edge (the static
// website endpoint of Blob Storage cannot set response headers itself).
// Corresponds to avm/res/cdn/profile (profile, afdEndpoints, originGroups, origins, ruleSets, routes).

param name string
param tags object = {}

@description('Static website endpoint of the site storage account, as the resource reports it (https://<host>/).')
param staticWebsiteEndpoint string

@description('Content-Security-Policy sent with every page. Pagefind search runs WebAssembly, hence wasm-unsafe-eval.')
param contentSecurityPolicy string

var originHostName = replace(replace(staticWebsiteEndpoint, 'https://', ''), '/', '')

resource profile 'Microsoft.Cdn/profiles@2025-04-15' = {
  name: name
  location: 'global'
  tags: tags
  sku: {
    name: 'Standard_AzureFrontDoor'
  }
  properties: {
    originResponseTimeoutSeconds: 60
  }
}

resource endpoint 'Microsoft.Cdn/profiles/afdEndpoints@2025-04-15' = {
  parent: profile
  name: name
  location: 'global'
  tags: tags
  properties: {
    enabledState: 'Enabled'
  }
}

resource originGroup 'Microsoft.Cdn/profiles/originGroups@2025-04-15' = {
  parent: profile
  name: 'static-website'
  properties: {
    loadBalancingSettings: {
      sampleSize: 4
      successfulSamplesRequired: 3
      additionalLatencyInMilliseconds: 50
    }
    healthProbeSettings: {
      probePath: '/index.html'
      probeRequestType: 'HEAD'
      probeProtocol: 'Https'
      probeIntervalInSeconds: 120
    }
    sessionAffinityState: 'Disabled'
  }
}

resource origin 'Microsoft.Cdn/profiles/originGroups/origins@2025-04-15' = {
  parent: originGroup
  name: 'site-storage'
  properties: {
    hostName: originHostName
    originHostHeader: originHostName
    httpPort: 80
    httpsPort: 443
    priority: 1
    weight: 1000
    enabledState: 'Enabled'
    enforceCertificateNameCheck: true
  }
}

// front-door-search-route.bicep puts the search route under the same rule set, by this name.
resource ruleSet 'Microsoft.Cdn/profiles/ruleSets@2025-04-15' = {
  parent: profile
  name: 'SecurityHeaders'
}

// No conditions: the headers go on every response, including 404.html.
resource securityHeaders 'Microsoft.Cdn/profiles/ruleSets/rules@2025-04-15' = {
  parent: ruleSet
  name: 'AddSecurityHeaders'
  properties: {
    order: 1
    conditions: []
    matchProcessingBehavior: 'Continue'
    actions: [
      {
        name: 'ModifyResponseHeader'
        parameters: {
          typeName: 'DeliveryRuleHeaderActionParameters'
          headerAction: 'Overwrite'
          headerName: 'Content-Security-Policy'
          value: contentSecurityPolicy
        }
      }
      {
        name: 'ModifyResponseHeader'
        parameters: {
          typeName: 'DeliveryRuleHeaderActionParameters'
          headerAction: 'Overwrite'
          headerName: 'X-Content-Type-Options'
          value: 'nosniff'
        }
      }
      {
        name: 'ModifyResponseHeader'
        parameters: {
          typeName: 'DeliveryRuleHeaderActionParameters'
          headerAction: 'Overwrite'
          headerName: 'Referrer-Policy'
          value: 'strict-origin-when-cross-origin'
        }
      }
      {
        name: 'ModifyResponseHeader'
        parameters: {
          typeName: 'DeliveryRuleHeaderActionParameters'
          headerAction: 'Overwrite'
          headerName: 'Strict-Transport-Security'
          value: 'max-age=31536000; includeSubDomains'
        }
      }
    ]
  }
}

// Old addresses of the agency's previous site (issue 18): legacy-redirects.json is the document the app generates after
// a publication (GET /api/redirects/rules/front-door-legacy-redirects.json), committed here; empty until then.
var legacyRedirectRuleSets = loadJsonContent('legacy-redirects.json').ruleSets
var legacyRedirectRuleSetIds = [for set in legacyRedirectRuleSets: { id: resourceId('Microsoft.Cdn/profiles/ruleSets', profile.name, set.name) }]

module legacyRedirects 'legacy-redirect-rule-set.bicep' = [
  for set in legacyRedirectRuleSets: {
    name: 'legacy-redirects-${set.name}'
    params: {
      profileName: profile.name
      ruleSetName: set.name
      rules: set.rules
    }
  }
]

resource route 'Microsoft.Cdn/profiles/afdEndpoints/routes@2025-04-15' = {
  parent: endpoint
  name: 'site'
  properties: {
    originGroup: {
      id: originGroup.id
    }
    // The redirects first: an old address answers 301 before anything else is done with the request.
    ruleSets: concat(
      legacyRedirectRuleSetIds,
      [
        {
          id: ruleSet.id
        }
      ]
    )
    supportedProtocols: ['Http', 'Https']
    patternsToMatch: ['/*']
    forwardingProtocol: 'HttpsOnly'
    httpsRedirect: 'Enabled'
    linkToDefaultDomain: 'Enabled'
    enabledState: 'Enabled'
    cacheConfiguration: {
      // Pages and feeds carry no query semantics; ignoring the query string keeps one cached copy per page.
      queryStringCachingBehavior: 'IgnoreQueryString'
      compressionSettings: {
        isCompressionEnabled: true
        contentTypesToCompress: [
          'text/html'
          'text/css'
          'text/plain'
          'text/xml'
          'application/xml'
          'application/atom+xml'
          'application/rss+xml'
          'application/json'
          'application/javascript'
          'text/javascript'
          'image/svg+xml'
        ]
      }
    }
  }
  // The route may only be created once the origin group has an origin and the rules exist.
  dependsOn: [
    origin
    securityHeaders
    legacyRedirects
  ]
}

output profileName string = profile.name
output endpointHostName string = endpoint.properties.hostName
output publicUrl string = 'https://${endpoint.properties.hostName}/'
