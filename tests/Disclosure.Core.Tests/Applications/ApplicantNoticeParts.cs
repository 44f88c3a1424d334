using Disclosure.Applications;
using Disclosure.Calendar;
using Disclosure.Catalogue;
using Disclosure.Identity;
using Disclosure.Notifications;
using Microsoft.Extensions.Time.Testing;

namespace Disclosure.Tests.Applications;

/// <summary>The applicant notices as the register's unit tests build them: the sample catalogue, a notifier that keeps what it is given.</summary>
internal static class ApplicantNoticeParts
{
    public static ApplicantNotices Notices(INotifier? notifier = null, CatalogueSettings? catalogue = null)
        => new(notifier ?? new RecordingNotifier(), catalogue ?? CatalogueLoader.Load(DataFiles.Combine("catalogue.json")));
}

/// <summary>
/// A register with every part in memory, on Friday 2026-11-20 10:00 China time, for the tests of one feature each:
/// the store, the identity proofs, the notices sent, the lifecycle and the service over them.
/// </summary>
internal sealed class RegisterUnderTest
{
    public static readonly Principal Office = new("周公开", "bgs", new HashSet<string> { Role.Reviewer }) { Id = "oid-office" };

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
    public InMemoryApplicationStore Store { get; } = new();
    public InMemoryIdentityProofStore Proofs { get; } = new();
    public RecordingNotifier Sent { get; } = new();
    public ApplicationLifecycle Lifecycle { get; }
    public ApplicationService Service { get; }

    public RegisterUnderTest()
    {
        Lifecycle = new ApplicationLifecycle(Store, Time);
        Service = new ApplicationService(Store, Lifecycle, new ApplicationClock(WorkingDayCalendar.LoadFromDirectory(DataFiles.Combine("calendar"))),
            new InMemoryIdempotencyStore(), CatalogueLoader.Load(DataFiles.Combine("catalogue.json")), Proofs, ApplicantNoticeParts.Notices(Sent), Time);
    }
}
