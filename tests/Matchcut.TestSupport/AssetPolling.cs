using System.Net.Http.Json;
using System.Text.Json;

namespace Matchcut.TestSupport;

/// <summary>Waits, through the query API as a client would, until an asset's pipeline run completes.</summary>
public static class AssetPolling
{
    /// <summary>The asset's status once it reads "completed"; fails at once on "failed", times out after <paramref name="limit"/>.</summary>
    public static async Task<JsonElement> CompletedAsync(this HttpClient http, string assetId, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            var asset = await http.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{assetId}");
            var state = asset.GetProperty("state").GetString();
            if (state == "failed") throw new InvalidOperationException($"asset {assetId} failed: {asset}");
            if (state == "completed") return asset;
            await Task.Delay(200);
        }
        throw new TimeoutException($"asset {assetId} did not complete in time");
    }
}
