using Matchcut.Storage.S3;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Matchcut.Storage;

public static class ObjectStoreRegistration
{
    /// <summary>The object store "Storage:Kind" names: the filesystem store (the embedded default) or S3 ("Storage:S3").</summary>
    public static IServiceCollection AddObjectStore(this IServiceCollection services)
    {
        // Once, however many of the process's stages ask for it.
        if (services.Any(d => d.ServiceType == typeof(IObjectStore))) return services;
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateOnStart();
        services.AddOptions<S3StorageOptions>().BindConfiguration(S3StorageOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IObjectStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return options.Kind.ToLowerInvariant() switch
            {
                "filesystem" => new FileSystemObjectStore(options.Root),
                "s3" => new S3ObjectStore(sp.GetRequiredService<IOptions<S3StorageOptions>>().Value),
                _ => throw new InvalidOperationException($"Storage:Kind '{options.Kind}' is not known; use FileSystem or S3."),
            };
        });
        return services;
    }
}
