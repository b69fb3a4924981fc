using Microsoft.AspNetCore.Http;

namespace Matchcut.Index.Query;

/// <summary>Echoes the caller's X-Correlation-Id (the gateway sets one) or a new one, so logs and messages can be joined.</summary>
public sealed class CorrelationFilter : IEndpointFilter
{
    public const string Header = "X-Correlation-Id";

    public static string Of(HttpContext http)
    {
        if (http.Items[Header] is string known) return known;
        var id = http.Request.Headers[Header].FirstOrDefault() is { Length: > 0 and <= 128 } given ? given : Guid.NewGuid().ToString("N");
        http.Items[Header] = id;
        return id;
    }

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        context.HttpContext.Response.Headers[Header] = Of(context.HttpContext);
        return next(context);
    }
}
