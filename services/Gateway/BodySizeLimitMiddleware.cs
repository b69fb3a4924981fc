using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Matchcut.Gateway;

/// <summary>
/// 413 for a declared body over the limit; a chunked body is capped by the server's body-size feature while it
/// streams, and <see cref="ForwarderErrorMiddleware"/> turns that cap into 413 as well.
/// </summary>
public sealed class BodySizeLimitMiddleware(RequestDelegate next, IOptionsMonitor<GatewayOptions> options)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var max = LimitFor(http.Request, options.CurrentValue);
        if (http.Request.ContentLength > max)
        {
            await TooLarge(max).ExecuteAsync(http);
            return;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = max;
        await next(http);
    }

    /// <summary>The body limit of this request: pictures for search by picture get theirs, everything else the general one.</summary>
    public static long LimitFor(HttpRequest request, GatewayOptions options) =>
        HttpMethods.IsPost(request.Method) && request.Path.Equals("/api/v1/search/image", StringComparison.OrdinalIgnoreCase)
            ? options.MaxPictureBodyBytes
            : options.MaxRequestBodyBytes;

    public static IResult TooLarge(long max) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large", detail: $"The body may have at most {max} bytes.");
}
