// One rule set of old-site redirects (issue 18): the rules of one entry of legacy-redirects.json, as the app generates
// them (GET /api/redirects/rules/front-door-legacy-redirects.json). Each rule matches host, path and (optionally) query
// string of an old address and answers 301 to the item's page on the portal.

param profileName string

@description('Rule set name: letters and digits, starting with a letter.')
param ruleSetName string

@description('Rules as Microsoft.Cdn/profiles/ruleSets/rules properties plus their name, at most 100.')
@maxLength(100)
param rules array

resource profile 'Microsoft.Cdn/profiles@2025-04-15' existing = {
  name: profileName
}

resource ruleSet 'Microsoft.Cdn/profiles/ruleSets@2025-04-15' = {
  parent: profile
  name: ruleSetName
}

resource redirects 'Microsoft.Cdn/profiles/ruleSets/rules@2025-04-15' = [
  for rule in rules: {
    parent: ruleSet
    name: rule.name
    properties: {
      order: rule.order
      conditions: rule.conditions
      actions: rule.actions
      matchProcessingBehavior: rule.matchProcessingBehavior
    }
  }
]

output ruleSetId string = ruleSet.id
