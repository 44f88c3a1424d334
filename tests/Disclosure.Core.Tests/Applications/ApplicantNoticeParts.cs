using Disclosure.Applications;
using Disclosure.Catalogue;
using Disclosure.Notifications;

namespace Disclosure.Tests.Applications;

/// <summary>The applicant notices as the register's unit tests build them: the sample catalogue, a notifier that keeps what it is given.</summary>
internal static class ApplicantNoticeParts
{
    public static ApplicantNotices Notices(INotifier? notifier = null, CatalogueSettings? catalogue = null)
        => new(notifier ?? new RecordingNotifier(), catalogue ?? CatalogueLoader.Load(DataFiles.Combine("catalogue.json")));
}
