using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Matchcut.Vectors.Qdrant;

/// <summary>Sends JSON to Qdrant with the api key and a per-request timeout; a non-2xx answer becomes a <see cref="QdrantException"/>.</summary>
internal sealed class QdrantRestClient(HttpClient http, QdrantOptions options)
{
    private readonly Uri _baseUri = new(options.Url.TrimEnd('/') + "/");

    public string CollectionPath => $"collections/{Uri.EscapeDataString(options.Collection)}";

    /// <summary>The response's <c>result</c>, or null when Qdrant answered 404 and <paramref name="notFoundIsNull"/>.</summary>
    public async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken ct, bool notFoundIsNull = false, TimeSpan? timeout = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(_baseUri, path));
        if (options.ApiKey is { Length: > 0 } key) request.Headers.Add("api-key", key);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout ?? options.RequestTimeout);
        using var response = await http.SendAsync(request, deadline.Token);
        var text = await response.Content.ReadAsStringAsync(deadline.Token);
        if (notFoundIsNull && response.StatusCode == HttpStatusCode.NotFound) return null;
        if (!response.IsSuccessStatusCode) throw new QdrantException(method, "/" + path, response.StatusCode, text);
        return JsonNode.Parse(text)?["result"];
    }
}
