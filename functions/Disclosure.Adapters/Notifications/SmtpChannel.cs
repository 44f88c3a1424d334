using Disclosure.Notifications;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Disclosure.Adapters.Notifications;

/// <summary>Configuration section <c>Smtp</c>. The password comes from Key Vault or an app setting, never the repo.</summary>
public sealed record SmtpOptions
{
    public const string Section = "Smtp";

    public string Host { get; init; } = "";
    public int Port { get; init; } = 587;
    /// <summary>Implicit TLS from the first byte (usually port 465).</summary>
    public bool UseTls { get; init; }
    /// <summary>Upgrade with STARTTLS and refuse to continue without it (usually port 587). Ignored when <see cref="UseTls"/>.</summary>
    public bool StartTls { get; init; } = true;
    public string? User { get; init; }
    public string? Password { get; init; }
    public string From { get; init; } = "";
    public string FromName { get; init; } = "政府信息公开平台";
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// E-mail over SMTP with MailKit: multipart/alternative with the plain-text and HTML renderings, UTF-8 throughout;
/// MimeKit encodes the Chinese subject and display names as RFC 2047 encoded-words.
/// </summary>
public sealed class SmtpChannel(SmtpOptions options) : INotificationChannel
{
    public bool Handles(ChannelKind kind) => kind == ChannelKind.Email;

    public async Task SendAsync(OutboxDelivery delivery, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(options.Host)) throw new ChannelNotConfiguredException("未配置 SMTP 服务器（Smtp__Host），邮件保留在发件箱");
        using var message = Build(delivery, options);
        using var client = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
        var security = options.UseTls ? SecureSocketOptions.SslOnConnect
            : options.StartTls ? SecureSocketOptions.StartTls
            : SecureSocketOptions.None;
        await client.ConnectAsync(options.Host, options.Port, security, ct);
        if (!string.IsNullOrEmpty(options.User))
            await client.AuthenticateAsync(options.User, options.Password ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }

    internal static MimeMessage Build(OutboxDelivery delivery, SmtpOptions options)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(options.FromName, options.From));
        message.To.Add(new MailboxAddress(delivery.RecipientName, delivery.Address));
        message.Subject = delivery.Subject;
        // The delivery id makes a resend after a lost acknowledgement recognisable as the same message.
        message.MessageId = $"{delivery.DeliveryId}@{(options.From.Split('@') is [_, var domain] ? domain : "disclosure.local")}";
        message.Body = new BodyBuilder { TextBody = delivery.Text, HtmlBody = delivery.Html }.ToMessageBody();
        return message;
    }
}
