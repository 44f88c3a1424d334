using System.Net;
using System.Net.Sockets;

namespace Disclosure.Adapters.Notifications;

/// <summary>
/// Where group-robot calls may go. A webhook URL is configuration, but whoever can set it should not be able to make the
/// app call its own network (metadata endpoints at 169.254.169.254, storage emulators, intranet admin pages): only https
/// to public addresses, unless an administrator names the host in <c>Webhooks__AllowedHosts__0</c>… (an intranet relay).
/// The addresses are checked after DNS resolution, and again when connecting, so a name that resolves differently the
/// second time (DNS rebinding) or a redirect gains nothing.
/// </summary>
public sealed class WebhookAddressPolicy(IEnumerable<string> allowedHosts)
{
    private readonly HashSet<string> _allowed = allowedHosts.Select(h => h.Trim().TrimEnd('.')).Where(h => h.Length > 0)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public bool IsAllowListed(string host) => _allowed.Contains(host.TrimEnd('.'));

    /// <summary>Why <paramref name="url"/> may not be called, or null when it may; resolves the host name.</summary>
    public async Task<string?> RefusalAsync(Uri url, CancellationToken ct)
    {
        if (IsAllowListed(url.IdnHost)) return null;
        if (url.Scheme != Uri.UriSchemeHttps) return "群机器人地址必须使用 https";
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(url.IdnHost, ct);
        }
        catch (SocketException)
        {
            return null; // not resolvable now: the send fails and is retried like any network fault
        }
        return addresses.Any(IsInternal) ? $"群机器人地址的主机 {url.IdnHost} 指向内网、本机或链路本地地址" : null;
    }

    /// <summary>
    /// A handler that connects only to addresses this policy allows (checked on the addresses actually connected to) and
    /// does not follow redirects.
    /// </summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        // Pooled connections are recycled so a robot's changed DNS is picked up.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AllowAutoRedirect = false,
        ConnectCallback = async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
            var usable = IsAllowListed(host) ? addresses : addresses.Where(a => !IsInternal(a)).ToArray();
            if (usable.Length == 0) throw new HttpRequestException($"群机器人地址的主机 {host} 指向内网、本机或链路本地地址，已拒绝连接");
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(usable, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>Loopback, private, carrier-grade NAT, link-local, multicast, unspecified and reserved ranges, IPv4 and IPv6 (also IPv4 inside IPv6).</summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return IsInternal(address.MapToIPv4());
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 or 10 or 127 => true,
                100 => b[1] is >= 64 and <= 127,          // 100.64.0.0/10
                169 => b[1] == 254,                        // link-local, cloud metadata
                172 => b[1] is >= 16 and <= 31,
                192 => (b[1] == 168) || (b[1] == 0 && b[2] is 0 or 2), // 192.168/16, 192.0.0/24, 192.0.2/24
                198 => b[1] is 18 or 19 || (b[1] == 51 && b[2] == 100),
                203 => b[1] == 0 && b[2] == 113,
                >= 224 => true,                            // multicast, reserved, broadcast
                _ => false,
            };
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return true; // anything else is not a robot on the internet
        if (IPAddress.IPv6Loopback.Equals(address) || IPAddress.IPv6Any.Equals(address)) return true;
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal) return true;
        var v6 = address.GetAddressBytes();
        // IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::/96) carry an IPv4 address in the last four bytes.
        var compatible = v6.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0;
        var nat64 = v6[0] == 0 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b && v6.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0;
        if (compatible || nat64) return IsInternal(new IPAddress(v6.AsSpan(12, 4)));
        return v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8; // 2001:db8::/32 documentation
    }
}
