using Disclosure.ReadingRoom;
using Microsoft.Extensions.DependencyInjection;

namespace Disclosure.Functions.ReadingRoom;

/// <summary>Registers the 公共查阅点's 目录. Expects the item store, the catalogue and the clock to be registered already.</summary>
public static class ReadingRoomServices
{
    public static IServiceCollection AddReadingRoom(this IServiceCollection services)
    {
        services.AddSingleton<ReadingRoomCatalogue>();
        return services;
    }
}
