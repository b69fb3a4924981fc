namespace Matchcut.Gateway;

/// <summary>Gives every request an X-Correlation-Id (the caller's, or a new one) that is forwarded to services and echoed back.</summary>
public sealed class CorrelationMiddleware(RequestDelegate next)
{
    public const string Header = "X-Correlation-Id";

    public Task InvokeAsync(HttpContext http)
    {
        var given = http.Request.Headers[Header].ToString();
        var id = given.Length is > 0 and <= 128 ? given : Guid.NewGuid().ToString("N");
        http.Request.Headers[Header] = id;
        http.Response.OnStarting(() =>
        {
            http.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        return next(http);
    }
}
