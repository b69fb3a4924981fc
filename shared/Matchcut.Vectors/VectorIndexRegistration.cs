using Matchcut.Vectors.InProcess;
using Matchcut.Vectors.Qdrant;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Matchcut.Vectors;

public static class VectorIndexRegistration
{
    /// <summary>The vector index "Vectors:Kind" names: in process (the embedded default) or Qdrant ("Vectors:Qdrant").</summary>
    public static IServiceCollection AddVectorIndex(this IServiceCollection services)
    {
        // Once, however many of the process's stages ask for it.
        if (services.Any(d => d.ServiceType == typeof(IVectorIndex))) return services;
        services.AddOptions<VectorsOptions>().BindConfiguration(VectorsOptions.SectionName).ValidateOnStart();
        services.AddOptions<InProcessVectorIndexOptions>().BindConfiguration(InProcessVectorIndexOptions.SectionName).ValidateOnStart();
        services.AddOptions<QdrantOptions>().BindConfiguration(QdrantOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IVectorIndex>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<VectorsOptions>>().Value;
            return options.Kind.ToLowerInvariant() switch
            {
                "inprocess" => new InProcessVectorIndex(sp.GetRequiredService<IOptions<InProcessVectorIndexOptions>>().Value),
                "qdrant" => new QdrantVectorIndex(sp.GetRequiredService<IOptions<QdrantOptions>>().Value),
                _ => throw new InvalidOperationException($"Vectors:Kind '{options.Kind}' is not known; use InProcess or Qdrant."),
            };
        });
        return services;
    }
}
