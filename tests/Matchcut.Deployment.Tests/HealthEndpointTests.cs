using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Matchcut.Deployment.Tests;

public class HealthEndpointTests
{
    [Fact]
    public void Services_map_the_paths_the_probes_use()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddHealthChecks();
        var app = builder.Build();
        app.MapMatchcutHealth();
        var routes = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).ToHashSet();
        Assert.Superset(new HashSet<string>(Expectations.HealthPaths), routes);
    }
}
