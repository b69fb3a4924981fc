using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Matchcut.ServiceDefaults;

/// <summary>What every service shares: options bound one way, health endpoints, tracing and metrics. The bus is <see cref="BusRegistration"/>.</summary>
public static class MatchcutServiceDefaults
{
    public static IHostApplicationBuilder AddMatchcutDefaults(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddMetrics();
        services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        builder.AddMatchcutTelemetry();
        return builder;
    }

    /// <summary>
    /// Options the one way every service binds them: from <paramref name="section"/>, checked when the host starts (so a
    /// bad setting stops start-up instead of the first message).
    /// </summary>
    /// <param name="name">Named options (e.g. one per stage); the default options when null.</param>
    /// <param name="defaults">Values set before the section is bound, so configuration overrides them.</param>
    public static OptionsBuilder<T> AddMatchcutOptions<T>(this IServiceCollection services, string section, string? name = null, Action<T>? defaults = null)
        where T : class
    {
        var options = services.AddOptions<T>(name ?? Options.DefaultName);
        if (defaults is not null) options.Configure(defaults);
        return options.BindConfiguration(section).ValidateOnStart();
    }

    /// <summary>
    /// Traces of MassTransit's publish/consume spans and the pipeline's stage spans (one trace per landing across every
    /// service, carried in the message headers), stage durations and the logs. Exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set.
    /// </summary>
    /// <summary>The spans .NET itself emits: requests served (ASP.NET Core), requests sent (HttpClient), requests forwarded (YARP).</summary>
    /// <summary>The encoders' ONNX run durations (Matchcut.Encoders' OnnxRuns), by model.</summary>
    private const string OnnxMeter = "Matchcut.Onnx";

    private static readonly string[] HttpSources = ["Microsoft.AspNetCore", "System.Net.Http", "Yarp.ReverseProxy"];

    public static IHostApplicationBuilder AddMatchcutTelemetry(this IHostApplicationBuilder builder)
    {
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Environment.ApplicationName))
            .WithTracing(t => t.AddSource([PipelineTelemetry.MassTransitSource, PipelineTelemetry.SourceName, .. HttpSources]))
            .WithMetrics(m => m.AddMeter(PipelineTelemetry.MassTransitSource, PipelineTelemetry.SourceName, "Microsoft.AspNetCore.Hosting", "System.Net.Http", OnnxMeter))
            .WithLogging();
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) otel.UseOtlpExporter();
        return builder;
    }

    /// <summary>/alive: the process runs; /health: it and its dependencies (bus included) are ready.</summary>
    public static WebApplication MapMatchcutHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteJson });
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = r => r.Tags.Contains("live"), ResponseWriter = WriteJson });
        return app;
    }

    /// <summary>The overall status and each check's status, description and data, as JSON.</summary>
    private static Task WriteJson(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        });
    }
}
