using System.Net;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Matchcut.Gateway;

/// <summary>Polly pipelines for forwarding: idempotent requests get retries and a timeout; others only the timeout (a streamed body cannot be replayed).</summary>
public sealed class ResiliencePipelineProvider
{
    public ResiliencePipelineProvider(IOptions<GatewayOptions> options)
    {
        var timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds);
        Single = new ResiliencePipelineBuilder<HttpResponseMessage>().AddTimeout(timeout).Build();
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.Value.Retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.Value.Retries,
                Delay = TimeSpan.FromMilliseconds(100),
                BackoffType = DelayBackoffType.Exponential,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<Polly.Timeout.TimeoutRejectedException>()
                    .HandleResult(r => r.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            });
        }
        Pipeline = builder.AddTimeout(timeout).Build();
    }

    public ResiliencePipeline<HttpResponseMessage> Pipeline { get; }

    public ResiliencePipeline<HttpResponseMessage> Single { get; }
}
