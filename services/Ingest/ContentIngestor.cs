using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Media;
using Matchcut.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Matchcut.Ingest;

/// <summary>Streams a source once into the store while hashing it; the SHA-256 is the asset's identity.</summary>
public sealed class ContentIngestor(
    SourceResolver sources,
    IObjectStore store,
    AssetCatalog catalog,
    VideoProber prober,
    StageExecutionCounter counter,
    IOptions<IngestOptions> options,
    ILogger<ContentIngestor> log)
{
    public async Task<AssetIngested> IngestAsync(AssetLanded landed, CancellationToken ct)
    {
        var incoming = AssetKeys.Incoming(Guid.NewGuid());
        string hash;
        await using (var source = new HashingReadStream(await sources.OpenAsync(landed.SourceUri, ct), options.Value.MaxBytes))
        {
            await store.PutAsync(incoming, source, "application/octet-stream", ct);
            if (source.BytesRead == 0)
            {
                await store.DeleteAsync(incoming, ct);
                throw new AssetRejectedException("The source is empty (0 bytes).");
            }
            hash = source.HexDigest();
        }

        var assetId = hash[..16];
        var asset = await catalog.GetAssetAsync(assetId, ct);
        if (asset is null)
        {
            asset = await AdmitAsync(assetId, hash, incoming, landed.SourceUri, ct);
            counter.Executed(PipelineStages.Ingest);
        }
        else
        {
            await store.DeleteAsync(incoming, ct);
            // The id is only the first 16 hex digits: reuse the stored asset only when the whole SHA-256 agrees.
            if (!string.Equals(asset.ContentHash, hash, StringComparison.OrdinalIgnoreCase))
                throw new AssetRejectedException(
                    $"Asset id {assetId} is taken by other content (SHA-256 {asset.ContentHash}, this source's is {hash}); nothing was reused or replaced.");
        }

        await catalog.AssociateAsync(new TitleAssociation(landed.TitleId, assetId, landed.SourceUri, landed.Metadata, DateTimeOffset.UtcNow), ct);
        // A manifest is stored once Index completed the asset: every stage will answer from its stored result.
        var done = await catalog.GetFeaturesAsync(assetId, ct) is not null;
        return new AssetIngested(assetId, hash, landed.TitleId, landed.SourceUri, done, IngestFeature.Manifest(assetId, hash));
    }

    private async Task<AssetRecord> AdmitAsync(string assetId, string hash, string incoming, string sourceUri, CancellationToken ct)
    {
        var key = AssetKeys.Source(assetId);
        await store.MoveAsync(incoming, key, ct);
        VideoProbe probe;
        try
        {
            probe = await prober.ProbeAsync(await store.GetLocalPathAsync(key, ct), ct);
        }
        catch (MediaRejectedException)
        {
            // Keep nothing of a source that is not a video; the caller's file is untouched.
            await store.DeleteAsync(key, ct);
            throw;
        }
        // Stored with the probe too, so the asset's record says why its cut lists start at 00:00:00:00.
        if (probe.TimecodeIgnored is { } ignored) log.LogWarning("Asset {AssetId} from {SourceUri}: {Reason}", assetId, sourceUri, ignored);
        var asset = new AssetRecord(assetId, hash, sourceUri, key, probe.SizeBytes, probe, DateTimeOffset.UtcNow);
        await catalog.PutAssetAsync(asset, ct);
        return asset;
    }
}
