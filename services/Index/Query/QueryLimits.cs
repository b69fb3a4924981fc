using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Matchcut.Index.Query;

/// <summary>
/// Time and concurrency limits per kind of query, so a few expensive requests cannot take the service from everyone:
/// past <see cref="QueryLimit.TimeoutSeconds"/> a request is stopped with 504; over <see cref="QueryLimit.Concurrency"/>
/// running and <see cref="QueryLimit.Queue"/> waiting, 503 with Retry-After. Bound from Query:Limits:{kind}.
/// </summary>
public static class QueryLimits
{
    /// <summary>Nearest-neighbour searches: by picture, by words, shots like a shot.</summary>
    public const string Search = "search";

    /// <summary>Match cuts across titles and their exports: a search per kept shot of each title.</summary>
    public const string CrossTitle = "cross-title";

    /// <summary>A title's exports and beats: read the title's stored results whole.</summary>
    public const string Export = "export";

    /// <summary>Shot listings (GET /shots).</summary>
    public const string Listing = "listing";

    public static readonly IReadOnlyDictionary<string, QueryLimit> Defaults = new Dictionary<string, QueryLimit>
    {
        [Search] = new() { TimeoutSeconds = 30, Concurrency = 8, Queue = 32 },
        [CrossTitle] = new() { TimeoutSeconds = 120, Concurrency = 2, Queue = 8 },
        [Export] = new() { TimeoutSeconds = 60, Concurrency = 4, Queue = 16 },
        [Listing] = new() { TimeoutSeconds = 30, Concurrency = 16, Queue = 64 },
    };

    public static IHostApplicationBuilder AddQueryLimits(this IHostApplicationBuilder builder)
    {
        var limits = Defaults.ToDictionary(d => d.Key, d =>
        {
            var limit = new QueryLimit { TimeoutSeconds = d.Value.TimeoutSeconds, Concurrency = d.Value.Concurrency, Queue = d.Value.Queue };
            builder.Configuration.GetSection($"Query:Limits:{d.Key}").Bind(limit);
            if (limit.TimeoutSeconds <= 0 || limit.Concurrency < 1 || limit.Queue < 0)
                throw new InvalidOperationException($"Query:Limits:{d.Key} needs TimeoutSeconds > 0, Concurrency >= 1 and Queue >= 0.");
            return limit;
        });
        builder.Services.AddSingleton(new Configured(limits));
        builder.Services.AddRequestTimeouts(o =>
        {
            foreach (var (kind, limit) in limits)
                o.AddPolicy(kind, new RequestTimeoutPolicy
                {
                    Timeout = TimeSpan.FromSeconds(limit.TimeoutSeconds),
                    TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
                    WriteTimeoutResponse = http => TooLong(kind, limit).ExecuteAsync(http),
                });
        });
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            foreach (var (kind, limit) in limits)
                o.AddConcurrencyLimiter(kind, c =>
                {
                    c.PermitLimit = limit.Concurrency;
                    c.QueueLimit = limit.Queue;
                    c.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
                });
            o.OnRejected = async (context, ct) =>
            {
                var kind = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? "query";
                context.HttpContext.Response.Headers.RetryAfter = "1";
                await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Too many queries at once",
                    detail: $"{limits.GetValueOrDefault(kind)?.Concurrency} {kind} queries run at a time and {limits.GetValueOrDefault(kind)?.Queue} wait " +
                            $"(Query:Limits:{kind}); try again shortly.").ExecuteAsync(context.HttpContext);
            };
        });
        return builder;
    }

    /// <summary>The middleware for the limits; call before mapping the query API.</summary>
    public static IApplicationBuilder UseQueryLimits(this IApplicationBuilder app) => app.UseRequestTimeouts().UseRateLimiter();

    /// <summary>
    /// Puts the endpoint under the kind's time and concurrency limits. The timeout stops a query that watches its
    /// cancellation; one that finishes past its time without noticing (before the timer fired, or between checks) is
    /// answered 504 all the same, so the limit means the same whatever the query's pace.
    /// </summary>
    public static RouteHandlerBuilder Limited(this RouteHandlerBuilder endpoint, string kind)
    {
        endpoint.WithRequestTimeout(kind);
        endpoint.RequireRateLimiting(kind);
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var result = await next(context);
            var limit = context.HttpContext.RequestServices.GetRequiredService<Configured>().Limits[kind];
            return System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds > limit.TimeoutSeconds ? TooLong(kind, limit) : result;
        });
        return endpoint;
    }

    private static IResult TooLong(string kind, QueryLimit limit) => Results.Problem(statusCode: StatusCodes.Status504GatewayTimeout,
        title: "Query took too long", detail: $"A {kind} query may take {limit.TimeoutSeconds:0.###} s (Query:Limits:{kind}:TimeoutSeconds); it was stopped.");

    private sealed record Configured(IReadOnlyDictionary<string, QueryLimit> Limits);
}

/// <summary>One kind's limits.</summary>
public sealed class QueryLimit
{
    /// <summary>Seconds a query may take before it is stopped with 504.</summary>
    public double TimeoutSeconds { get; set; }

    /// <summary>Queries of the kind running at once.</summary>
    public int Concurrency { get; set; }

    /// <summary>Queries waiting for a turn; beyond them 503 with Retry-After.</summary>
    public int Queue { get; set; }
}
