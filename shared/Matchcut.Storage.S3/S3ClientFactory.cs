using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Matchcut.Storage.S3;

/// <summary>Builds the AWS client for <see cref="S3StorageOptions"/>, with the settings S3 look-alikes need.</summary>
public static class S3ClientFactory
{
    public static IAmazonS3 Create(S3StorageOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            // Polly owns retries (see S3ResiliencePipeline); two retry layers would multiply attempts and delays.
            MaxErrorRetry = 0,
            Timeout = options.RequestTimeout,
            ConnectTimeout = options.ConnectTimeout,
            // SDK 4 adds flexible checksums by default, sent as trailers inside aws-chunked bodies; s3rver and some
            // gateways store that framing as object bytes. Only send or check checksums where an API demands them.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        else
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
        }

        return string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}
