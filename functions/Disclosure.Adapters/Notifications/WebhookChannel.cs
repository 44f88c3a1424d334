using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Disclosure.Notifications;

namespace Disclosure.Adapters.Notifications;

/// <summary>
/// Configuration section <c>Webhooks</c>: robot URLs carry their key, so the plan names a target and the URL (and
/// 钉钉's 加签 secret) lives in settings: <c>Webhooks__Targets__bgs-wecom__Url</c>.
/// </summary>
public sealed record WebhookOptions
{
    public const string Section = "Webhooks";

    public Dictionary<string, WebhookTarget> Targets { get; init; } = new();
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>
    /// Hosts an administrator allows although they are internal or plain http (an intranet relay):
    /// <c>Webhooks__AllowedHosts__0</c>. Everything else must be https to a public address.
    /// </summary>
    public List<string> AllowedHosts { get; init; } = [];

    public WebhookAddressPolicy AddressPolicy() => new(AllowedHosts);
}

public sealed record WebhookTarget
{
    public string Url { get; init; } = "";
    /// <summary>钉钉 加签 secret (SEC…); when set, every call is signed.</summary>
    public string? Secret { get; init; }
}

/// <summary>
/// 企业微信 and 钉钉 group robots, markdown messages. Both answer HTTP 200 with an errcode; anything but errcode 0
/// is a failure the dispatcher retries. Calls go only where <see cref="WebhookAddressPolicy"/> allows (give the client
/// <see cref="WebhookAddressPolicy.CreateHandler"/>); what a robot answers is never repeated beyond its status and errcode,
/// since the outbox page and the logs would otherwise show whatever the far end chose to send.
/// </summary>
public sealed class WebhookChannel(HttpClient http, WebhookOptions options, TimeProvider time) : INotificationChannel
{
    private readonly WebhookAddressPolicy _addresses = options.AddressPolicy();

    /// <summary>Both robots limit markdown content to 4096 bytes of UTF-8.</summary>
    internal const int MaxMarkdownBytes = 4000;
    internal const string Truncated = "\n\n……（内容较长，完整内容请查看邮件或平台待办页面）";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public bool Handles(ChannelKind kind) => kind is ChannelKind.WeCom or ChannelKind.DingTalk;

    public async Task SendAsync(OutboxDelivery delivery, CancellationToken ct)
    {
        var url = Resolve(delivery);
        if (await _addresses.RefusalAsync(url, ct) is { } refusal)
            throw new ChannelNotConfiguredException($"{refusal}，消息保留在发件箱；如确需使用该地址，请由管理员在 Webhooks__AllowedHosts 中列出该主机");
        object payload = delivery.Channel == ChannelKind.WeCom
            ? new { msgtype = "markdown", markdown = new { content = Fit(delivery.Markdown) } }
            : new { msgtype = "markdown", markdown = new { title = delivery.Subject, text = Fit(delivery.Markdown) } };

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Timeout);
        using var response = await http.PostAsJsonAsync(url, payload, Json, timeout.Token);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"群机器人返回 HTTP {(int)response.StatusCode}");
        var body = await ReadSmallAsync(response.Content, timeout.Token);
        RobotReply? reply;
        try
        {
            reply = JsonSerializer.Deserialize<RobotReply>(body, Json);
        }
        catch (JsonException)
        {
            reply = null;
        }
        if (reply is not { ErrCode: 0 })
            throw new HttpRequestException(reply is null ? "群机器人的答复无法识别" : $"群机器人拒绝消息（errcode {reply.ErrCode}）");
    }

    private Uri Resolve(OutboxDelivery delivery)
    {
        var address = delivery.Address;
        WebhookTarget target;
        if (Uri.TryCreate(address, UriKind.Absolute, out var direct) && direct.Scheme is "https" or "http")
            target = new WebhookTarget { Url = address };
        else if (!options.Targets.TryGetValue(address, out target!) || string.IsNullOrEmpty(target.Url))
            throw new ChannelNotConfiguredException($"未配置群机器人地址 Webhooks__Targets__{address}__Url，消息保留在发件箱");

        if (delivery.Channel != ChannelKind.DingTalk || string.IsNullOrEmpty(target.Secret)) return new Uri(target.Url);

        // 钉钉 加签: HMAC-SHA256 over "timestamp\nsecret" with the secret as key, Base64, URL-encoded.
        var timestamp = time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var sign = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(target.Secret), Encoding.UTF8.GetBytes($"{timestamp}\n{target.Secret}")));
        var separator = target.Url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return new Uri($"{target.Url}{separator}timestamp={timestamp}&sign={Uri.EscapeDataString(sign)}");
    }

    internal static string Fit(string markdown)
    {
        if (Encoding.UTF8.GetByteCount(markdown) <= MaxMarkdownBytes) return markdown;
        var budget = MaxMarkdownBytes - Encoding.UTF8.GetByteCount(Truncated);
        var end = 0;
        var used = 0;
        while (end < markdown.Length)
        {
            var step = char.IsHighSurrogate(markdown[end]) && end + 1 < markdown.Length ? 2 : 1;
            var bytes = Encoding.UTF8.GetByteCount(markdown.AsSpan(end, step));
            if (used + bytes > budget) break;
            used += bytes;
            end += step;
        }
        return markdown[..end] + Truncated;
    }

    /// <summary>A robot's reply is a few dozen bytes; a larger one is not a robot's and is not read whole.</summary>
    private static async Task<string> ReadSmallAsync(HttpContent content, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        await using var stream = await content.ReadAsStreamAsync(ct);
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), ct) is var n and > 0) read += n;
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private sealed record RobotReply([property: JsonPropertyName("errcode")] int ErrCode, [property: JsonPropertyName("errmsg")] string? ErrMsg);
}
