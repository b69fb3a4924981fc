using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Matchcut.Gateway;

/// <summary>
/// Runs around YARP's forwarding: when it failed before the response started, the caller gets a problem document
/// with the right status (413 for a streamed body over the limit, which YARP alone reports as a client error; 502
/// unreachable; 503 no healthy destination; 504 timed out).
/// </summary>
public sealed class ForwarderErrorMiddleware(RequestDelegate next, IOptionsMonitor<GatewayOptions> options, ILogger<ForwarderErrorMiddleware> log)
{
    public async Task InvokeAsync(HttpContext http)
    {
        await next(http);
        if (http.Features.Get<IForwarderErrorFeature>() is not { } error || http.Response.HasStarted) return;
        if (IsBodyTooLarge(error.Exception))
        {
            await BodySizeLimitMiddleware.TooLarge(BodySizeLimitMiddleware.LimitFor(http.Request, options.CurrentValue)).ExecuteAsync(http);
            return;
        }
        log.LogWarning(error.Exception, "Forwarding {Method} {Path} failed: {Error}", http.Request.Method, http.Request.Path, error.Error);
        var status = http.Response.StatusCode;
        var title = error.Error switch
        {
            ForwarderError.RequestTimedOut => "Service timed out",
            ForwarderError.NoAvailableDestinations => "No healthy service instance",
            ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled => null,
            _ when status is 502 => "Service unreachable",
            _ => "Forwarding failed",
        };
        if (title is null) return;
        await Results.Problem(statusCode: status, title: title).ExecuteAsync(http);
    }

    private static bool IsBodyTooLarge(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }) return true;
        return false;
    }
}
