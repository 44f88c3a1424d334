using System.Net;
using Disclosure.Functions.Http;

namespace Disclosure.LocalHost;

/// <summary>
/// What stands in for Azure's front door on one person's machine. The local host believes identity headers and, in
/// Development, makes an anonymous caller the development user with every role: safe only when nobody else can reach
/// it. So it listens on loopback unless <c>LocalHost__ListenBeyondLoopback</c> is set, answers only requests addressed
/// to this machine by name (a web page elsewhere cannot reach it through a DNS name that resolves to 127.0.0.1: DNS
/// rebinding), and takes identity headers only from this machine.
/// </summary>
public static class LocalEdge
{
    public const string ListenBeyondLoopbackSetting = "LocalHost:ListenBeyondLoopback";
    /// <summary>Further Host names to answer (only meaningful with <see cref="ListenBeyondLoopbackSetting"/>): <c>LocalHost__AllowedHosts__0</c>….</summary>
    public const string AllowedHostsSetting = "LocalHost:AllowedHosts";

    public const string SinglePersonNotice =
        "本地主机只供一个人在自己的电脑上开发和试用，不是共享服务器：它相信请求里的身份标头，开发环境下未登录的请求即为拥有全部角色的开发人员。"
        + " This local host is for one person's machine, not a shared server: it trusts identity headers and, in Development, treats an anonymous caller as the development user with every role.";

    private static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>Throws when <paramref name="url"/> would listen beyond this machine and nobody asked for that.</summary>
    public static void CheckListenUrl(string url, IConfiguration configuration)
    {
        if (configuration.GetValue<bool>(ListenBeyondLoopbackSetting)) return;
        var host = url.Split("://", 2) is [_, var rest] ? rest.Split('/')[0] : url;
        host = host.StartsWith('[') ? host[..(host.IndexOf(']') + 1)] : host.Split(':')[0];
        var loopback = host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
        if (!loopback)
            throw new InvalidOperationException(
                $"本地主机只监听本机回环地址（127.0.0.1），拒绝监听 {url}。确需让其他电脑访问时，请设置 LocalHost__ListenBeyondLoopback=true 并自行承担风险。");
    }

    public static void UseLocalEdge(this WebApplication app)
    {
        var allowed = LoopbackNames.Concat(app.Configuration.GetSection(AllowedHostsSetting).Get<string[]>() ?? [])
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        app.Use(async (context, next) =>
        {
            if (!allowed.Contains(context.Request.Host.Host)) // HostString gives IPv6 in brackets, without the port
            {
                await Refuse(context, "请求的主机名不是本机（Host 标头无效）。");
                return;
            }
            var fromThisMachine = context.Connection.RemoteIpAddress is { } peer && IPAddress.IsLoopback(peer);
            if (!fromThisMachine && (context.Request.Headers.ContainsKey(RequestPrincipal.Header) || context.Request.Headers.ContainsKey(RequestPrincipal.IdHeader)))
            {
                await Refuse(context, "身份标头只接受来自本机的请求。");
                return;
            }
            await next(context);
        });
    }

    private static Task Refuse(HttpContext context, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = Responses.ProblemJson;
        return context.Response.WriteAsJsonAsync(new { type = "about:blank", title = "请求无效", status = 400, detail }, context.RequestAborted);
    }
}
