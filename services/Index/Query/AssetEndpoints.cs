using MassTransit;
using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Matchcut.Index.Query;

/// <summary>POST assets lands a source (publishes AssetLanded); GET landings/{id} and assets/{assetId} follow it through the stages.</summary>
public static class AssetEndpoints
{
    public static void MapAssetEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/assets", LandAsync).WithName("LandAsset");
        api.MapGet("/landings/{landingId}", LandingAsync).WithName("GetLanding");
        api.MapGet("/assets/{assetId}", AssetAsync).WithName("GetAsset");
    }

    private static async Task<IResult> LandAsync(LandAssetRequest request, HttpContext http, IPublishEndpoint bus, IObjectStore store, CancellationToken ct)
    {
        if (!MessageFields.IsSafeId(request.TitleId)) return ApiProblems.Invalid("titleId", "titleId is required and uses [A-Za-z0-9._-].");
        if (string.IsNullOrWhiteSpace(request.SourceUri) || request.SourceUri.Length > MessageFields.MaxSourceUriLength)
            return ApiProblems.Invalid("sourceUri", "sourceUri is required: an absolute file path, file:// or s3:// URI.");
        // The bus holds every publisher to the same rules (MessageRules); refusing here keeps a request from becoming a failed message.
        var landed = new AssetLanded(request.TitleId, request.SourceUri, request.Metadata);
        if (MessageRules.Problem(landed) is { } problem) return ApiProblems.Invalid(problem.StartsWith("metadata", StringComparison.Ordinal) ? "metadata" : "sourceUri", problem);
        var landingId = Landings.IdOf(request.TitleId, request.SourceUri);
        await store.PutJsonAsync(Landings.Key(landingId), new Landing(landingId, request.TitleId, request.SourceUri, DateTimeOffset.UtcNow), ct);
        var correlation = CorrelationFilter.Of(http);
        await bus.Publish(landed, c =>
        {
            c.Headers.Set(CorrelationFilter.Header, correlation);
            if (Guid.TryParse(correlation, out var g)) c.CorrelationId = g;
        }, ct);
        return Results.Accepted($"{QueryApi.Prefix}/landings/{landingId}", new { landingId, state = "landed" });
    }

    private static async Task<IResult> LandingAsync(string landingId, IObjectStore store, AssetCatalog catalog, CancellationToken ct)
    {
        if (!MessageFields.IsSafeId(landingId)) return ApiProblems.Invalid("landingId", "Landing ids are hex.");
        if (await store.TryGetJsonAsync<Landing>(Landings.Key(landingId), ct) is not { } landing) return ApiProblems.NotFound($"Landing '{landingId}' is not known.");
        var asset = (await catalog.AssetsOfTitleAsync(landing.TitleId, ct)).LastOrDefault(a => a.SourceUri == landing.SourceUri);
        var assetId = landing.Failure?.AssetId ?? asset?.AssetId;
        var state = landing.Failure is not null ? "failed" : asset is null ? "pending" : "ingested";
        return Results.Ok(new
        {
            landing.LandingId, landing.TitleId, landing.SourceUri, state, assetId,
            asset = assetId is null ? null : $"{QueryApi.Prefix}/assets/{assetId}",
            failure = landing.Failure is { } f ? new { f.Stage, f.Reason, f.Retriable, f.At } : null,
        });
    }

    private static async Task<IResult> AssetAsync(string assetId, AssetCatalog catalog, CancellationToken ct)
    {
        if (!MessageFields.IsSafeId(assetId)) return ApiProblems.Invalid("assetId", "Asset ids are hex.");
        var record = await catalog.GetAssetAsync(assetId, ct);
        if (record is null) return ApiProblems.NotFound($"Asset '{assetId}' is not known.");
        var statuses = await catalog.GetStatusesAsync(assetId, ct);
        var stages = PipelineStages.All.Select(s => statuses.TryGetValue(s, out var st)
            ? new StageView(s, st.State == StageState.Completed ? "completed" : "failed", st.Seconds, st.Reason, st.At)
            // Ingest keeps no status of its own: the asset record is its result.
            : s == PipelineStages.Ingest ? new StageView(s, "completed", null, null, record.IngestedAt)
            : new StageView(s, "pending", null, null, null)).ToList();
        var titles = (await catalog.TitlesOfAssetAsync(assetId, ct)).Select(t => t.TitleId).ToList();
        var failed = stages.FirstOrDefault(s => s.State == "failed");
        return Results.Ok(new AssetView(assetId, record.ContentHash, record.SizeBytes, titles,
            failed is not null ? "failed" : stages.All(s => s.State == "completed") ? "completed" : "processing", failed?.Reason, stages));
    }

}

/// <summary>The fields of AssetLanded.</summary>
public sealed record LandAssetRequest(string TitleId, string SourceUri, IReadOnlyDictionary<string, string>? Metadata = null);

/// <summary>An asset and how far it got.</summary>
public sealed record AssetView(string AssetId, string ContentHash, long SizeBytes, IReadOnlyList<string> Titles, string State, string? FailureReason, IReadOnlyList<StageView> Stages);

/// <summary>One stage's outcome for an asset.</summary>
public sealed record StageView(string Stage, string State, double? Seconds, string? Reason, DateTimeOffset? At);
