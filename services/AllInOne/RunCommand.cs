using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MassTransit;
using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Reports.CrossTitle;
using Matchcut.Reports.Exports;
using Matchcut.Reports;
using Matchcut.Index;
using Matchcut.Storage;
using Matchcut.Vectors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;
using Matchcut.Stages;

namespace Matchcut.AllInOne;

/// <summary>What `matchcut run` was asked to do.</summary>
public sealed record RunRequest(IReadOnlyList<string> Inputs, string Out, string? Title, string Store, IReadOnlyList<string> Exports, int K, bool Plain,
    bool NoModels = false);

/// <summary>
/// `matchcut run INPUT...`: lands each video on the embedded pipeline in turn, showing every stage's progress, writes
/// each title's results and exports, and with two or more titles the best match cuts across them.
/// </summary>
public static class RunCommand
{
    /// <summary>File extensions a folder's videos are recognised by.</summary>
    public static readonly IReadOnlySet<string> VideoExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        { ".mp4", ".mov", ".m4v", ".mkv", ".webm", ".avi", ".mxf", ".mpg", ".mpeg", ".ts", ".mts", ".wmv", ".flv", ".ogv" };

    public static async Task<int> RunAsync(RunRequest request, CancellationToken ct)
    {
        var (videos, problem, code) = ResolveInputs(request);
        if (problem is not null)
        {
            await Console.Error.WriteLineAsync(problem);
            return code;
        }
        var store = Path.GetFullPath(request.Store);
        if ((WritableFolder.Problem(store, "store") ?? WritableFolder.Problem(request.Out, "output")) is { } unwritable)
        {
            await Console.Error.WriteLineAsync(unwritable);
            return ExitCodes.CannotWrite;
        }
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Root"] = store,
            // The in-process index outlives the run, so a later process (or `serve`) still finds these shots.
            ["Vectors:InProcess:SnapshotPath"] = Path.Combine(store, "..", "vectors.snapshot"),
        };
        // The user named these files: their folders are allowed source roots for this run.
        foreach (var (dir, i) in videos.Select(v => Path.GetDirectoryName(v.Path)!).Distinct().Select((d, i) => (d, i)))
            settings[$"Ingest:AllowedRoots:{i}"] = dir;
        if (request.NoModels) settings["Models:Enabled"] = "false";

        using var host = AllInOneHost.Build(settings);
        if (ModelsPrecheck.Problem(host.Services) is { } missing)
        {
            await Console.Error.WriteLineAsync(missing);
            return ExitCodes.ModelsMissing;
        }
        IRunProgress progress = request.Plain ? new PlainProgress(Console.Out) : new LiveProgress(AnsiConsole.Console);
        await host.StartAsync(ct);
        try
        {
            var outcomes = new List<TitleOutcome>();
            await progress.RunAsync(async () =>
            {
                foreach (var (path, title) in videos) outcomes.Add(await RunTitleAsync(host.Services, progress, title, path, ct));
            });
            var results = new Dictionary<string, AssetResult>();
            var exporter = host.Services.GetRequiredService<ResultExporter>();
            foreach (var o in outcomes.Where(o => o.AssetId is not null))
            {
                var folder = await exporter.ExportAsync(o.AssetId!, request.Out, ct);
                var result = results[o.AssetId!] = JsonSerializer.Deserialize<AssetResult>(
                    await File.ReadAllBytesAsync(Path.Combine(folder, "result.json"), ct), ObjectStoreExtensions.Json)!;
                o.Result = result;
                progress.Line($"wrote {Path.Combine(folder, "result.json")} and report.html");
                var files = WriteExports(folder, o.Title, result, request.Exports).ToList();
                if (files.Count > 0) progress.Line($"wrote {files.Count} cut lists in {folder}: {string.Join(" ", files.Select(Path.GetFileName))}");
            }
            var succeeded = outcomes.Where(o => o.AssetId is not null).Select(o => new TitleAsset(o.Title, o.AssetId!)).ToList();
            var cross = await CrossTitleAsync(host.Services, progress, request, succeeded, results, ct);
            progress.Summary(["title", "asset", "shots", "kept", "beats", "best frame pair", "seconds", "result"],
                outcomes.Select(o => Row(o, cross)).ToList());
            return outcomes.Any(o => o.AssetId is null) ? ExitCodes.TitleFailed : ExitCodes.Success;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("interrupted");
            return ExitCodes.Interrupted;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Files, and the videos in folders, each with its title; or what is wrong with the arguments and the exit code for it.</summary>
    internal static (IReadOnlyList<(string Path, string Title)> Videos, string? Problem, int Code) ResolveInputs(RunRequest request)
    {
        var videos = new List<string>();
        foreach (var input in request.Inputs)
        {
            var full = Path.GetFullPath(input);
            if (File.Exists(full)) videos.Add(full);
            else if (Directory.Exists(full))
            {
                var found = Directory.EnumerateFiles(full).Where(f => VideoExtensions.Contains(Path.GetExtension(f))).Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0)
                    return ([], $"matchcut: the folder {full} holds no video (looked for {string.Join(" ", VideoExtensions.Order())})", ExitCodes.NoInput);
                videos.AddRange(found);
            }
            else return ([], $"matchcut: no such file or folder: {full}", ExitCodes.NoInput);
        }
        videos = videos.Distinct().ToList();
        if (request.Title is not null && videos.Count != 1)
            return ([], $"matchcut: --title names a single input, but there are {videos.Count} videos; each of several is titled by its file name.", ExitCodes.Usage);
        if (request.Title is not null && !IsTitleId(request.Title))
            return ([], $"matchcut: title '{request.Title}' must use letters, digits, '.', '_' or '-'.", ExitCodes.Usage);
        var titled = videos.Select(v => (v, request.Title ?? TitleOf(v))).ToList();
        var clash = titled.GroupBy(t => t.Item2).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            return ([], $"matchcut: {string.Join(" and ", clash.Select(c => c.v))} would both be title '{clash.Key}'; rename one or run them separately.", ExitCodes.Usage);
        return (titled, null, 0);
    }

    /// <summary>A file's title: its name without extension, with characters a title id cannot hold replaced by '-'.</summary>
    internal static string TitleOf(string path)
    {
        var name = new string(Path.GetFileNameWithoutExtension(path).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-').ToArray());
        return name.Length == 0 || name[0] == '.' ? "title" + name : name;
    }

    private static bool IsTitleId(string id) =>
        id is { Length: > 0 and <= 128 } && id[0] != '.' && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static async Task<TitleOutcome> RunTitleAsync(IServiceProvider services, IRunProgress progress, string title, string path, CancellationToken ct)
    {
        var tracker = services.GetRequiredService<PipelineTracker>();
        var feed = services.GetRequiredService<StageProgressFeed>();
        var clock = Stopwatch.StartNew();
        void OnEvent(object m)
        {
            if (Describe(m) is { } d) progress.StageDone(d.Stage, d.Detail);
        }
        tracker.Progress += OnEvent;
        feed.Reported += progress.Report;
        try
        {
            progress.BeginTitle(title, path);
            var outcome = tracker.Expect(title, path);
            await services.GetRequiredService<IBus>().Publish(new AssetLanded(title, path), ct);
            var result = await outcome.WaitAsync(ct);
            var seconds = clock.Elapsed.TotalSeconds;
            if (result.Succeeded)
            {
                await EnsureIndexedAsync(services, result.AssetId!, title, ct);
                progress.EndTitle(string.Create(CultureInfo.InvariantCulture, $"{title}: done in {seconds:0.0} s (asset {result.AssetId})"));
                return new TitleOutcome(title, path, result.AssetId, null, seconds);
            }
            var failure = $"failed at {result.Failed!.Stage}: {result.Failed.Reason}";
            progress.EndTitle($"{title}: {failure}");
            return new TitleOutcome(title, path, null, failure, seconds);
        }
        finally
        {
            tracker.Progress -= OnEvent;
            feed.Reported -= progress.Report;
        }
    }

    // A store reused from another run may hold an indexed asset the snapshot lacks: put it back before searching across titles.
    private static async Task EnsureIndexedAsync(IServiceProvider services, string assetId, string title, CancellationToken ct)
    {
        var store = services.GetRequiredService<IObjectStore>();
        if (await services.GetRequiredService<AssetCatalog>().GetFeaturesAsync(assetId, ct) is not { } features) return;
        var set = await store.TryGetJsonAsync<Pipeline.EmbeddingSet>(features.Require(FeatureNames.Embeddings).Key, ct);
        if (set is null || set.ShotIndices.Count == 0) return;
        if (await services.GetRequiredService<IVectorIndex>().GetAsync(ShotIds.Of(assetId, set.ShotIndices[0]), ct) is null)
            await services.GetRequiredService<ShotIndexer>().IndexAsync(assetId, title, features, ct);
    }

    private static IEnumerable<string> WriteExports(string folder, string title, AssetResult result, IReadOnlyList<string> formats)
    {
        foreach (var format in formats)
        {
            var shots = Path.Combine(folder, $"shots.{format}");
            File.WriteAllText(shots, CutListFormats.Write(format, CutLists.Shots(result, title)));
            yield return shots;
            foreach (var (flavour, pairs) in result.Matches)
            {
                var file = Path.Combine(folder, $"pairs-{flavour}.{format}");
                File.WriteAllText(file, CutListFormats.Write(format, CutLists.Pairs($"{title} {flavour} pairs", flavour,
                    pairs.Select(p => new ShotPair(result, title, p.A, result, title, p.B, p.Score)))));
                yield return file;
            }
        }
    }

    private static async Task<IReadOnlyDictionary<string, CrossTitleResult>> CrossTitleAsync(IServiceProvider services, IRunProgress progress,
        RunRequest request, IReadOnlyList<TitleAsset> titles, IReadOnlyDictionary<string, AssetResult> results, CancellationToken ct)
    {
        if (titles.Select(t => t.AssetId).Distinct().Count() < 2) return new Dictionary<string, CrossTitleResult>();
        var matcher = services.GetRequiredService<CrossTitleMatcher>();
        var flavours = new List<CrossTitleResult>();
        foreach (var flavour in await matcher.CommonFlavoursAsync(titles, ct))
        {
            try
            {
                flavours.Add(await matcher.MatchAsync(titles, flavour, request.K, ct));
            }
            catch (CrossTitleException ex)
            {
                progress.Line($"across titles, {flavour}: {ex.Message}");
            }
        }
        Directory.CreateDirectory(request.Out);
        var json = Path.Combine(request.Out, "matches.json");
        await File.WriteAllBytesAsync(json, JsonSerializer.SerializeToUtf8Bytes(CrossTitleReport.Document(titles, results, request.K, flavours),
            new JsonSerializerOptions(ObjectStoreExtensions.Json) { WriteIndented = true }), ct);
        var html = Path.Combine(request.Out, "report.html");
        await File.WriteAllTextAsync(html, CrossTitleReport.Render(titles, results, flavours), ct);
        progress.Line($"wrote {json} and {html} (match cuts across {titles.Count} titles)");
        var files = new List<string>();
        foreach (var format in request.Exports)
        {
            foreach (var f in flavours)
            {
                var file = Path.Combine(request.Out, $"matches-{f.Flavour}.{format}");
                await File.WriteAllTextAsync(file, CutListFormats.Write(format, CutLists.Pairs($"across titles {f.Flavour} pairs", f.Flavour,
                    f.Pairs.Select(p => new ShotPair(results[p.A.AssetId], p.A.TitleId, p.A.Shot, results[p.B.AssetId], p.B.TitleId, p.B.Shot, p.Score)))), ct);
                files.Add(Path.GetFileName(file));
            }
        }
        if (files.Count > 0) progress.Line($"wrote {files.Count} cut lists across titles in {request.Out}: {string.Join(" ", files)}");
        return flavours.ToDictionary(f => f.Flavour);
    }

    private static IReadOnlyList<string> Row(TitleOutcome o, IReadOnlyDictionary<string, CrossTitleResult> cross)
    {
        var r = o.Result;
        var seconds = o.Seconds.ToString("0.0", CultureInfo.InvariantCulture);
        if (r is null) return [o.Title, "-", "-", "-", "-", "-", seconds, o.Failure ?? "failed"];
        var best = r.Matches.TryGetValue(Pipeline.Flavours.Frame, out var frame) && frame.Count > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{frame[0].A} -> {frame[0].B} ({frame[0].Score:0.000})") : "-";
        var across = cross.TryGetValue(Pipeline.Flavours.Frame, out var c) && c.Pairs.FirstOrDefault(p => p.A.TitleId == o.Title || p.B.TitleId == o.Title) is { } p
            ? string.Create(CultureInfo.InvariantCulture, $"; across {p.A.TitleId}#{p.A.Shot} -> {p.B.TitleId}#{p.B.Shot} ({p.Score:0.000})") : "";
        return [o.Title, r.Asset.Id, r.Shots.Count.ToString(CultureInfo.InvariantCulture), r.Shots.Count(s => s.Kept).ToString(CultureInfo.InvariantCulture),
            (r.Beats?.Count ?? 0).ToString(CultureInfo.InvariantCulture), best + across, seconds, "ok"];
    }

    private static (string Stage, string Detail)? Describe(object m) => m switch
    {
        AssetIngested e => (PipelineStages.Ingest, $"asset {e.AssetId}{(e.AlreadyProcessed ? " (seen before: reusing results)" : "")}"),
        AssetStandardized e => (PipelineStages.StandardizedEncode, e.Profile),
        ShotsSegmented e => (PipelineStages.ShotSegment, $"{e.ShotCount} shots"),
        ShotsDeduplicated e => (PipelineStages.Dedup, $"{e.KeptCount} kept"),
        ShotsEmbedded e => (PipelineStages.EmbedGpu, string.Join(", ", e.Flavours)),
        ShotsScored => (PipelineStages.Score, "pairs ranked"),
        ShotsIndexed e => (PipelineStages.Index, $"{e.VectorCount} shots searchable"),
        AssetFailed e => (e.Stage, $"FAILED: {e.Reason}"),
        _ => null,
    };

    private sealed record TitleOutcome(string Title, string Path, string? AssetId, string? Failure, double Seconds)
    {
        public AssetResult? Result { get; set; }
    }
}
