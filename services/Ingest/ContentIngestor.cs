using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Media;
using Matchcut.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Matchcut.Stages;

namespace Matchcut.Ingest;

/// <summary>Streams a source into the store while hashing it; the SHA-256 is the asset's identity.</summary>
public sealed class ContentIngestor(
    SourceResolver sources,
    IObjectStore store,
    AssetCatalog catalog,
    VideoProber prober,
    StageMetrics metrics,
    IOptions<IngestOptions> options,
    ILogger<ContentIngestor> log)
{
    public async Task<AssetIngested> IngestAsync(AssetLanded landed, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (hash, incoming) = await HashAsync(landed.SourceUri, ct);
        var assetId = hash[..16];
        var asset = await catalog.GetAssetAsync(assetId, ct);
        if (asset is null)
        {
            asset = await AdmitAsync(assetId, hash, incoming, landed.SourceUri, ct);
            metrics.Worked(PipelineStages.Ingest, clock.Elapsed.TotalSeconds);
        }
        else
        {
            metrics.Reused(PipelineStages.Ingest);
            if (incoming is not null) await store.DeleteAsync(incoming, ct);
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

    /// <summary>
    /// The source's SHA-256, and the incoming key holding its bytes; a source above Ingest:HashFirstAboveBytes is only
    /// hashed here (no incoming key), so that it is uploaded once to its final key and never copied.
    /// </summary>
    private async Task<(string Hash, string? Incoming)> HashAsync(string sourceUri, CancellationToken ct)
    {
        await using var source = new HashingReadStream(await sources.OpenAsync(sourceUri, ct), options.Value.MaxBytes);
        string? incoming = null;
        if (KnownLength(source) > options.Value.HashFirstAboveBytes)
        {
            await source.CopyToAsync(Stream.Null, 1 << 20, ct);
        }
        else
        {
            incoming = AssetKeys.Incoming(Guid.NewGuid());
            await store.PutAsync(incoming, source, "application/octet-stream", ct);
        }
        if (source.BytesRead == 0)
        {
            if (incoming is not null) await store.DeleteAsync(incoming, ct);
            throw new AssetRejectedException("The source is empty (0 bytes).");
        }
        return (source.HexDigest(), incoming);
    }

    private static long? KnownLength(Stream s)
    {
        try { return s.Length; }
        catch (NotSupportedException) { return null; }
    }

    /// <summary>Second pass of a hashed-first source, straight to its final key; content that changed since the first pass is refused.</summary>
    private async Task UploadHashedAsync(string sourceUri, string key, string hash, CancellationToken ct)
    {
        await using var source = new HashingReadStream(await sources.OpenAsync(sourceUri, ct), options.Value.MaxBytes);
        await store.PutAsync(key, source, "application/octet-stream", ct);
        if (source.HexDigest() == hash) return;
        await store.DeleteAsync(key, ct);
        throw new AssetRejectedException($"The source changed while it was ingested (SHA-256 {hash} on the first read, {source.HexDigest()} on the second).");
    }

    private async Task<AssetRecord> AdmitAsync(string assetId, string hash, string? incoming, string sourceUri, CancellationToken ct)
    {
        var key = AssetKeys.Source(assetId);
        if (incoming is null) await UploadHashedAsync(sourceUri, key, hash, ct);
        else await store.MoveAsync(incoming, key, ct);
        VideoProbe probe;
        try
        {
            using (var file = await store.OpenLocalFileAsync(key, ct)) probe = await prober.ProbeAsync(file.Path, ct);
            CheckCaps(probe);
        }
        catch (Exception e) when (e is MediaRejectedException or AssetRejectedException)
        {
            // Keep nothing of a source that is refused; the caller's file is untouched.
            await store.DeleteAsync(key, ct);
            throw;
        }
        // Stored with the probe too, so the asset's record says why its cut lists start at 00:00:00:00.
        if (probe.TimecodeIgnored is { } ignored) log.LogWarning("Asset {AssetId} from {SourceUri}: {Reason}", assetId, sourceUri, ignored);
        var asset = new AssetRecord(assetId, hash, sourceUri, key, probe.SizeBytes, probe, DateTimeOffset.UtcNow);
        await catalog.PutAssetAsync(asset, ct);
        return asset;
    }

    /// <summary>Sources past the configured caps are refused before any stage spends time on them.</summary>
    private void CheckCaps(VideoProbe probe)
    {
        var o = options.Value;
        var pixels = (long)probe.Width * probe.Height;
        if (pixels > o.MaxPixels)
            throw new AssetRejectedException($"The video is {probe.Width}x{probe.Height} ({pixels} pixels), more than the {o.MaxPixels} allowed (Ingest:MaxPixels).");
        if (probe.DurationSec > o.MaxDurationSec)
            throw new AssetRejectedException($"The video lasts {probe.DurationSec:F1} s, longer than the {o.MaxDurationSec:F0} s allowed (Ingest:MaxDurationSec).");
    }
}
