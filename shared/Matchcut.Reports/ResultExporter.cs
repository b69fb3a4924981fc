using System.Text.Json;
using Matchcut.Storage;

namespace Matchcut.Reports;

/// <summary>Writes OUT/&lt;asset-id&gt;/result.json, report.html and the pictures they show.</summary>
public sealed class ResultExporter(AssetResultBuilder builder)
{
    public async Task<string> ExportAsync(string assetId, string outFolder, CancellationToken ct = default)
    {
        var folder = Path.Combine(outFolder, assetId);
        Directory.CreateDirectory(folder);
        var result = await builder.BuildAsync(assetId, ct);
        await builder.CopyPicturesAsync(assetId, folder, ct);
        await File.WriteAllBytesAsync(Path.Combine(folder, "result.json"), JsonSerializer.SerializeToUtf8Bytes(result, ObjectStoreExtensions.Json), ct);
        await File.WriteAllTextAsync(Path.Combine(folder, "report.html"), ReportWriter.Render(result), ct);
        return folder;
    }
}
