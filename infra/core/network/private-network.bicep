// Optional private networking (main.bicep: enableVirtualNetwork): a virtual network whose first subnet the Function
// App joins (VNet integration, all outbound traffic routed through it) and whose second subnet holds private endpoints
// for the storage accounts (blob, queue, table) and the Key Vault, with the private DNS zones that make their usual
// host names resolve to those endpoints inside the network. Corresponds to avm/res/network/virtual-network,
// avm/res/network/private-endpoint and avm/res/network/private-dns-zone.

param namePrefix string
param location string
param tags object = {}

@description('Address space of the network; the app subnet and the private-endpoint subnet are its first two /24s.')
param addressPrefix string = '10.40.0.0/16'

@description('Flex Consumption integrates through a subnet delegated to Microsoft.App/environments; other plans to Microsoft.Web/serverFarms.')
@allowed(['Microsoft.App/environments', 'Microsoft.Web/serverFarms'])
param appSubnetDelegation string

@description('Storage accounts whose blob, queue and table services get a private endpoint.')
param storageAccountIds string[]

@description('Key Vault that gets a private endpoint; empty when none is deployed.')
param keyVaultId string = ''

var storageServices = ['blob', 'queue', 'table']
// Zone names from the cloud's own suffixes, so Azure China's storage and vault zones are used there unchanged.
var storageZones = [for service in storageServices: 'privatelink.${service}.${environment().suffixes.storage}']
var keyVaultZone = 'privatelink${replace(environment().suffixes.keyvaultDns, '.vault.', '.vaultcore.')}'
var endpoints = concat(
  flatten(map(storageAccountIds, account => map(range(0, length(storageServices)), i => {
    name: '${last(split(account, '/'))}-${storageServices[i]}'
    target: account
    groupId: storageServices[i]
    zone: i
  }))),
  empty(keyVaultId) ? [] : [
    {
      name: '${last(split(keyVaultId, '/'))}-vault'
      target: keyVaultId
      groupId: 'vault'
      zone: length(storageServices)
    }
  ]
)

resource network 'Microsoft.Network/virtualNetworks@2024-07-01' = {
  name: 'vnet-${namePrefix}'
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [addressPrefix]
    }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 0)
          delegations: [
            {
              name: 'function-app'
              properties: {
                serviceName: appSubnetDelegation
              }
            }
          ]
        }
      }
      {
        name: 'private-endpoints'
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 1)
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for zone in concat(storageZones, [keyVaultZone]): {
    name: zone
    location: 'global'
    tags: tags
  }
]

resource zoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (zone, i) in concat(storageZones, [keyVaultZone]): {
    parent: zones[i]
    name: network.name
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: network.id
      }
    }
  }
]

resource privateEndpoints 'Microsoft.Network/privateEndpoints@2024-07-01' = [
  for endpoint in endpoints: {
    name: 'pe-${endpoint.name}'
    location: location
    tags: tags
    properties: {
      subnet: {
        id: network.properties.subnets[1].id
      }
      privateLinkServiceConnections: [
        {
          name: endpoint.name
          properties: {
            privateLinkServiceId: endpoint.target
            groupIds: [endpoint.groupId]
          }
        }
      ]
    }
  }
]

resource zoneGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-07-01' = [
  for (endpoint, i) in endpoints: {
    parent: privateEndpoints[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: replace(zones[endpoint.zone].name, '.', '-')
          properties: {
            privateDnsZoneId: zones[endpoint.zone].id
          }
        }
      ]
    }
  }
]

@description('The subnet the Function App joins (virtualNetworkSubnetId).')
output appSubnetId string = network.properties.subnets[0].id
output name string = network.name
