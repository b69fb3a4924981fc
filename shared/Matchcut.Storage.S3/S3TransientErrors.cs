using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;

namespace Matchcut.Storage.S3;

/// <summary>Tells failures worth retrying (server errors, throttling, timeouts, dropped or refused connections) from the rest.</summary>
public static class S3TransientErrors
{
    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "SlowDown", "Throttling", "ThrottlingException", "RequestTimeout", "RequestTimeoutException",
        "InternalError", "ServiceUnavailable", "RequestLimitExceeded",
    };

    /// <summary>True when the same request may succeed if sent again.</summary>
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AmazonServiceException service when service.StatusCode != 0:
                    // A 4xx is the request's fault and repeats identically, except throttling and S3's own RequestTimeout (400).
                    return (int)service.StatusCode >= 500
                           || service.StatusCode == HttpStatusCode.TooManyRequests
                           || (service.ErrorCode is { } code && TransientCodes.Contains(code));
                case HttpRequestException or SocketException or IOException or TimeoutException:
                    return true;
                // HttpClient reports its own timeout as a cancellation; the caller's cancellation is filtered out by the pipeline.
                case OperationCanceledException:
                    return true;
            }
        }
        return false;
    }
}
