using Disclosure.Notifications;

namespace Disclosure.Tests.Shared;

/// <summary>Keeps what was sent, once per id, as the outbox does: for tests that look at alerts without an outbox.</summary>
public sealed class RecordingNotifier : INotifier
{
    private readonly List<Notification> _sent = [];

    public IReadOnlyList<Notification> Sent
    {
        get
        {
            lock (_sent) return [.. _sent];
        }
    }

    public Task<bool> SendAsync(Notification notification, CancellationToken ct = default)
    {
        lock (_sent)
        {
            if (_sent.Any(n => n.Id == notification.Id)) return Task.FromResult(false);
            _sent.Add(notification);
            return Task.FromResult(true);
        }
    }
}
