using Matchcut.Reports.CrossTitle;
using Microsoft.Extensions.DependencyInjection;

namespace Matchcut.Reports;

/// <summary>The result builder, exporter and cross-title matcher, for the services that show results (Index's query API, the command line).</summary>
public static class ReportsServices
{
    public static IServiceCollection AddMatchcutReports(this IServiceCollection services)
    {
        services.AddSingleton<AssetResultBuilder>();
        services.AddSingleton<ResultExporter>();
        services.AddSingleton<SilhouetteMasks>();
        services.AddSingleton<CrossTitleMatcher>();
        return services;
    }
}
