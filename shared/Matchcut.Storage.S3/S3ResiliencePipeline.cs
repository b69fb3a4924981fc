using Polly;
using Polly.Retry;

namespace Matchcut.Storage.S3;

/// <summary>The retry policy for S3 calls: exponential backoff with jitter, transient failures only.</summary>
public static class S3ResiliencePipeline
{
    public static ResiliencePipeline Create(S3StorageOptions options)
    {
        var builder = new ResiliencePipelineBuilder();
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } e
                    && !args.Context.CancellationToken.IsCancellationRequested
                    && S3TransientErrors.IsTransient(e)),
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
            });
        }
        return builder.Build();
    }
}
