using System.Net;
using Polly;

namespace Matchcut.Gateway;

/// <summary>Streams a request to a cluster and the response back, without hop-by-hop headers either way.</summary>
public sealed class ProxyForwarder(IHttpClientFactory clients, ResiliencePipelineProvider resilience, ILogger<ProxyForwarder> logger)
{
    public const string ClientName = "gateway-forwarder";

    // RFC 9110 7.6.1 connection-specific headers, plus Host (set for the destination).
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    public async Task ForwardAsync(HttpContext http, Uri destination)
    {
        var target = new Uri(destination, http.Request.Path.Value!.TrimStart('/') + http.Request.QueryString);
        var client = clients.CreateClient(ClientName);
        var idempotent = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method);
        HttpResponseMessage response;
        try
        {
            response = idempotent
                ? await resilience.Pipeline.ExecuteAsync(async ct => await client.SendAsync(Build(http, target), HttpCompletionOption.ResponseHeadersRead, ct), http.RequestAborted)
                : await resilience.Single.ExecuteAsync(async ct => await client.SendAsync(Build(http, target), HttpCompletionOption.ResponseHeadersRead, ct), http.RequestAborted);
        }
        catch (Exception e) when (e is HttpRequestException or Polly.Timeout.TimeoutRejectedException && !http.RequestAborted.IsCancellationRequested)
        {
            logger.LogWarning(e, "Forwarding {Method} {Target} failed", http.Request.Method, target);
            var timeout = e is Polly.Timeout.TimeoutRejectedException;
            await Results.Problem(statusCode: timeout ? 504 : 502, title: timeout ? "Service timed out" : "Service unreachable").ExecuteAsync(http);
            return;
        }
        using (response)
        {
            http.Response.StatusCode = (int)response.StatusCode;
            Copy(response.Headers, http.Response.Headers, response.Headers.Connection);
            Copy(response.Content.Headers, http.Response.Headers, response.Headers.Connection);
            await using var body = await response.Content.ReadAsStreamAsync(http.RequestAborted);
            await body.CopyToAsync(http.Response.Body, http.RequestAborted);
        }
    }

    private static HttpRequestMessage Build(HttpContext http, Uri target)
    {
        var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), target) { Version = HttpVersion.Version11 };
        if (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0) request.Content = new StreamContent(http.Request.Body);
        var named = http.Request.Headers.Connection.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in http.Request.Headers)
        {
            // The service trusts the gateway, not the caller's key.
            if (HopByHop.Contains(name) || named.Contains(name) || name.Equals(ApiKeyMiddleware.Header, StringComparison.OrdinalIgnoreCase)) continue;
            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray())) request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
        }
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", http.Request.Host.Value);
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", http.Request.Scheme);
        if (http.Connection.RemoteIpAddress is { } ip) request.Headers.TryAddWithoutValidation("X-Forwarded-For", ip.ToString());
        if (http.Items[ApiKeyMiddleware.ClientItem] is string clientName) request.Headers.TryAddWithoutValidation("X-Gateway-Client", clientName);
        return request;
    }

    private static void Copy(System.Net.Http.Headers.HttpHeaders from, IHeaderDictionary to, System.Net.Http.Headers.HttpHeaderValueCollection<string> connection)
    {
        foreach (var (name, values) in from)
        {
            if (HopByHop.Contains(name) || connection.Contains(name)) continue;
            to[name] = values.ToArray();
        }
    }
}
