using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Matchcut.TestSupport;

/// <summary>What a player asks of a clip: the whole file, then byte ranges, as docs/api.md promises.</summary>
public static class ClipRanges
{
    /// <summary>Asserts 206 with Content-Range and the right bytes for ranges of the first indexed shot's clip of <paramref name="title"/>.</summary>
    public static async Task AssertServedAsync(HttpClient http, string title)
    {
        var listing = await http.GetFromJsonAsync<JsonElement>($"/api/v1/shots?titles={title}");
        var shotId = listing.GetProperty("shots").EnumerateArray().First().GetProperty("shotId").GetString();
        var url = $"/api/v1/shots/{shotId}/clip";
        using var whole = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Contains("bytes", whole.Headers.AcceptRanges);
        var bytes = await whole.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length > 200, $"clip of {bytes.Length} bytes");

        foreach (var (from, to) in new[] { (10L, 109L), (0L, 0L), (bytes.Length - 50L, bytes.Length - 1L) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(from, to);
            using var part = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
            Assert.Equal($"bytes {from}-{to}/{bytes.Length}", part.Content.Headers.ContentRange!.ToString());
            Assert.Equal(bytes.AsSpan((int)from, (int)(to - from + 1)).ToArray(), await part.Content.ReadAsByteArrayAsync());
        }
        using var beyond = new HttpRequestMessage(HttpMethod.Get, url);
        beyond.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(bytes.Length + 10L, null);
        using var refused = await http.SendAsync(beyond);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, refused.StatusCode);
    }
}
