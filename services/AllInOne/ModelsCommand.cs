using System.CommandLine;
using Matchcut.Encoders.Downloads;
using Matchcut.Onnx;

namespace Matchcut.AllInOne;

/// <summary>`matchcut models`: downloads the folder models from their publishers into the user cache the models lookup searches.</summary>
public static class ModelsCommand
{
    /// <summary>Environment variable naming a mirror (a folder of the model files served over HTTP) to fetch from instead.</summary>
    public const string MirrorVariable = "MATCHCUT_MODELS_URL";

    public static Command Build()
    {
        var to = new Option<string>("--to")
        {
            Description = "Folder to download into (default: the user cache, $XDG_CACHE_HOME or ~/.cache, /matchcut/models).",
            DefaultValueFactory = _ => ModelsOptions.UserCacheDirectory,
        };
        var from = new Option<Uri?>("--from")
        {
            Description = $"Base URL of a mirror holding the files under their models-folder names (default: ${MirrorVariable}, else each publisher's release).",
            CustomParser = r => Uri.TryCreate(r.Tokens.Single().Value.TrimEnd('/') + "/", UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
                ? u : ParseError(r, $"'{r.Tokens.Single().Value}' is not an http(s) URL."),
        };
        var command = new Command("models", "Downloads DeepLabV3, YOLOX-nano and YuNet (SHA-256 pinned) and derives the variants the encoders read.") { to, from };
        command.SetAction((r, ct) => RunAsync(r.GetRequiredValue(to), r.GetValue(from) ?? FromEnvironment(), ct));
        return command;
    }

    private static Uri? ParseError(System.CommandLine.Parsing.ArgumentResult r, string message)
    {
        r.AddError(message);
        return null;
    }

    private static Uri? FromEnvironment() =>
        Environment.GetEnvironmentVariable(MirrorVariable) is { Length: > 0 } url ? new Uri(url.TrimEnd('/') + "/") : null;

    private static async Task<int> RunAsync(string folder, Uri? mirror, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        var full = Path.GetFullPath(folder);
        try
        {
            await new ModelDownloader(http, Console.WriteLine).DownloadAsync(full, mirror, ct);
        }
        catch (ModelDownloadException e)
        {
            await Console.Error.WriteLineAsync($"matchcut models: {e.Message}");
            return ExitCodes.Error;
        }
        Console.WriteLine($"models ready in {full}");
        return ExitCodes.Success;
    }
}
