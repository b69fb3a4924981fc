using System.Net;

namespace Matchcut.Gateway;

/// <summary>
/// Between YARP and the destination: a bodiless idempotent request (GET, HEAD, OPTIONS) that fails to connect or
/// gets 502/503/504 is sent again, up to <see cref="GatewayOptions.Retries"/> times with a short growing pause.
/// Requests with a body are sent once: a streamed body cannot be replayed.
/// </summary>
public sealed class RetryingHandler(HttpMessageHandler inner, Func<int> retries) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (request.Content is not null || !(request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Options))
            return await base.SendAsync(request, ct);
        var left = retries();
        for (var attempt = 0; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, ct);
            }
            catch (HttpRequestException) when (attempt < left && !ct.IsCancellationRequested)
            {
                await Task.Delay(Pause(attempt), ct);
                continue;
            }
            if (attempt >= left || response.StatusCode is not (HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout))
                return response;
            response.Dispose();
            await Task.Delay(Pause(attempt), ct);
        }
    }

    private static TimeSpan Pause(int attempt) => TimeSpan.FromMilliseconds(100 << attempt);
}
