using Matchcut.Encoders;
using Matchcut.Media;
using Matchcut.Reports;
using Matchcut.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Matchcut.Index.Query;

/// <summary>The query API's wiring, callable by the Index service and by any other web host (the AllInOne's serve mode).</summary>
public static class QueryApi
{
    public const string Prefix = "/api/v1";

    public static IHostApplicationBuilder AddQueryApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.AddQueryLimits();
        builder.Services.AddOpenApi("v1");
        builder.Services.AddMatchcutOptions<MediaLinkOptions>("Query");
        builder.Services.AddTagsOptions();
        builder.Services.AddSingleton<ShotCatalog>();
        builder.Services.AddSingleton<ShotClips>();
        builder.Services.AddMatchcutReports();
        builder.Services.AddSingleton<ReviewStore>();
        builder.Services.AddFrameEncoder();
        builder.Services.AddSingleton<StillImageDecoder>();
        builder.Services.AddSingleton<PictureSearch>();
        builder.Services.AddMatchcutOptions<WordSearchOptions>("Query:Words");
        builder.Services.AddSingleton<WordSearch>();
        builder.Services.AddMatchcutOptions<ShotSearchOptions>("Query:Search");
        builder.Services.AddSingleton<ShotSearch>();
        return builder;
    }

    public static IEndpointRouteBuilder MapQueryApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        var api = app.MapGroup(Prefix).AddEndpointFilter<CorrelationFilter>();
        api.MapMatchEndpoints();
        api.MapShotEndpoints();
        api.MapAssetEndpoints();
        api.MapReviewEndpoints();
        api.MapDeskEndpoints();
        api.MapSearchEndpoints();
        return app;
    }
}
