using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Matchcut.BenchResults;

namespace Matchcut.Bench;

/// <summary>
/// A feature film through the deployed topology: the AppHost of `make up` (RabbitMQ, s3rver and every service as its own
/// process with compose's settings) built in Release, a 1080p source with film grain at 10 Mbit/s (full: 90 min, over
/// 6 GiB; quick: 5 min) landed through the gateway, and /proc sampled every two seconds: each service's CPU time
/// (its own and its waited-for ffmpeg children's), peak resident memory (the process, and with its live children),
/// peak scratch and local-cache bytes, against the scratch formula of docs/deploy.md.
/// </summary>
public static class Film
{
    public const double FullSeconds = 5400, QuickSeconds = 300;
    private const string ApiKey = "film-bench";
    private const string Title = "film";

    /// <summary>Service resource, its stage name in the asset's status, and the file name its process runs.</summary>
    private static readonly (string Resource, string Stage, string Program)[] Services =
    [
        ("ingest", "ingest", "Matchcut.Ingest"), ("standardized-encode", "standardized-encode", "Matchcut.StandardizedEncode"),
        ("shot-segment", "shot-segment", "Matchcut.ShotSegment"), ("dedup", "dedup", "Matchcut.Dedup"), ("embed", "embed", "Matchcut.EmbedGpu"),
        ("score", "score", "Matchcut.Score"), ("index", "index", "Matchcut.Index"), ("gateway", "", "Matchcut.Gateway"),
    ];

    public static async Task RunAsync(BenchSheet sheet, string root, string media, string cache, bool quick, TextWriter log)
    {
        var seconds = quick ? QuickSeconds : FullSeconds;
        var inputFolder = Path.Combine(cache, "film-input");
        var input = LongInput.Ensure(media, inputFolder, seconds, 1080, grain: true);
        var length = Tools.DurationSeconds(input);
        var sourceBytes = new FileInfo(input).Length;
        var work = Path.Combine(cache, "film");
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);
        var appHost = Path.Combine(root, "hosting", "Matchcut.AppHost", "bin", "Release", "net10.0", "Matchcut.AppHost.dll");
        if (!File.Exists(appHost)) throw new FileNotFoundException("build hosting/Matchcut.AppHost in Release first (make bench does)", appHost);
        log.WriteLine($"film: {Path.GetFileName(input)}, {Tools.F(length / 60, 1)} min, {Tools.F(sourceBytes / Gib, 2)} GiB, through the AppHost topology");

        var gatewayPort = FreePort();
        using var host = StartAppHost(root, work, inputFolder, gatewayPort, log);
        var samples = new Sampler(work);
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(() => samples.RunAsync(sampling.Token));
        try
        {
            using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gatewayPort}"), Timeout = TimeSpan.FromMinutes(1) };
            api.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
            await WaitAsync(async () => (await api.GetAsync("/health")).IsSuccessStatusCode, TimeSpan.FromMinutes(8), "the gateway to be healthy", host);
            var cpuBefore = samples.CpuSeconds();
            var wall = Stopwatch.StartNew();
            using var landed = await api.PostAsJsonAsync("/api/v1/assets", new { titleId = Title, sourceUri = input });
            if (!landed.IsSuccessStatusCode) throw new InvalidOperationException($"landing refused: {(int)landed.StatusCode} {await landed.Content.ReadAsStringAsync()}");
            var landing = landed.Headers.Location!.OriginalString;
            string? assetId = null;
            var ingested = double.NaN;
            JsonElement asset = default;
            var limit = TimeSpan.FromSeconds(Math.Max(1800, length * 2));
            await WaitAsync(async () =>
            {
                if (assetId is null)
                {
                    var state = await api.GetFromJsonAsync<JsonElement>(landing);
                    if (state.GetProperty("state").GetString() == "failed") throw new InvalidOperationException($"landing failed: {state}");
                    assetId = state.GetProperty("assetId").GetString();
                    if (assetId is not null) ingested = wall.Elapsed.TotalSeconds;
                    return false;
                }
                asset = await api.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{assetId}");
                return asset.GetProperty("state").GetString() switch
                {
                    "failed" => throw new InvalidOperationException($"the film failed: {asset.GetProperty("failureReason")}"),
                    "completed" => true,
                    _ => false,
                };
            }, limit, "the film to complete", host);
            wall.Stop();
            var cpuAfter = samples.CpuSeconds();
            Report(sheet, asset, samples, cpuBefore, cpuAfter, wall.Elapsed.TotalSeconds, ingested, length, sourceBytes, quick);
        }
        finally
        {
            await sampling.CancelAsync();
            await sampler;
            Stop(host, samples);
        }
    }

    private const double Gib = 1024.0 * 1024 * 1024, Mib = 1024.0 * 1024;

    private static void Report(BenchSheet sheet, JsonElement asset, Sampler samples, IReadOnlyDictionary<string, double> cpuBefore,
        IReadOnlyDictionary<string, double> cpuAfter, double wall, double ingested, double length, long sourceBytes, bool quick)
    {
        var label = $"{Tools.F(length / 60, 0)} min 1080p";
        var stageSeconds = asset.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("stage").GetString()!,
            s => s.GetProperty("seconds").ValueKind == JsonValueKind.Number ? s.GetProperty("seconds").GetDouble() : double.NaN);
        // Ingest keeps no status of its own: its wall time is from the landing until the landing names the asset (polled every 2 s).
        stageSeconds["ingest"] = ingested;
        var standardized = samples.PeakBytes("s3-standardized");
        // docs/deploy.md's scratch formula with one message per stage: S the source, V its standardized video.
        var (s, v) = (sourceBytes, Math.Max(standardized, 1));
        var rows = new List<string> { "service,stage_wall_s,cpu_s,peak_rss_mib,peak_rss_with_children_mib,peak_scratch_mib,peak_cache_mib,scratch_bound_mib" };
        var within = true;
        foreach (var (resource, stage, _) in Services)
        {
            var cpu = cpuAfter.GetValueOrDefault(resource) - cpuBefore.GetValueOrDefault(resource);
            var bound = resource switch
            {
                "ingest" => s + Gib,
                "standardized-encode" => s + v + Gib,
                "shot-segment" or "dedup" or "embed" or "index" => 2 * v + Gib,
                _ => double.NaN,
            };
            var disk = samples.PeakBytes("scratch/" + resource) + samples.PeakBytes("cache/" + resource);
            if (!double.IsNaN(bound) && disk > bound) within = false;
            rows.Add(string.Join(',', resource, Tools.F(stageSeconds.GetValueOrDefault(stage, double.NaN), 1), Tools.F(cpu, 1),
                Tools.F(samples.PeakRssKb(resource) / 1024.0, 0), Tools.F(samples.PeakTreeKb(resource) / 1024.0, 0),
                Tools.F(samples.PeakBytes("scratch/" + resource) / Mib, 0), Tools.F(samples.PeakBytes("cache/" + resource) / Mib, 0),
                double.IsNaN(bound) ? "" : Tools.F(bound / Mib, 0)));
        }
        foreach (var peer in new[] { "rabbitmq", "s3rver" })
            rows.Add($"{peer},,{Tools.F(cpuAfter.GetValueOrDefault(peer) - cpuBefore.GetValueOrDefault(peer), 1)},{Tools.F(samples.PeakRssKb(peer) / 1024.0, 0)},{Tools.F(samples.PeakTreeKb(peer) / 1024.0, 0)},,,");
        sheet.Table("film_stages.csv", rows);
        sheet.Figure($"film: source size ({label})", sourceBytes / Gib, "GiB", quick ? "" : ">", 5, "(through s3rver: hashed first, then uploaded straight to its key)");
        sheet.Figure($"film: end-to-end realtime factor ({label})", length / wall, "x", "", 0,
            $"(wall {Tools.F(wall, 0)} s from landing to completed; RabbitMQ, s3rver and eight service processes on {Environment.ProcessorCount} cores)");
        sheet.Figure($"film: CPU-seconds per second of video ({label})", (cpuAfter.Values.Sum() - cpuBefore.Values.Sum()) / length, "s/s", "", 0,
            "(every service with its ffmpeg children, the broker and s3rver)");
        sheet.Figure($"film: scratch and cache within docs/deploy.md's bounds ({label})", within ? 1 : 0, "", "==", 1,
            "(per service, peak scratch + local cache against the formula with one message per stage)");
        sheet.Figure($"film: peak RSS of the largest service ({label})", Services.Max(x => samples.PeakRssKb(x.Resource)) / 1024.0, "MiB", "", 0,
            $"({Services.MaxBy(x => samples.PeakRssKb(x.Resource)).Resource}; with ffmpeg children {Tools.F(Services.Max(x => samples.PeakTreeKb(x.Resource)) / 1024.0, 0)} MiB)");
        sheet.Figure($"film: peak s3rver data ({label})", samples.PeakBytes("s3") / Gib, "GiB", "", 0);
    }

    private static Process StartAppHost(string root, string work, string media, int gatewayPort, TextWriter log)
    {
        // setsid: the AppHost and what it starts form one process group, so that a failed run can stop all of it.
        var psi = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        foreach (var a in new[] { "dotnet", "run", "--project", "hosting/Matchcut.AppHost", "-c", "Release", "--no-build", "--",
                     $"--Topology:Work={work}", $"--Topology:Media={media}", $"--Topology:ApiKey={ApiKey}", $"--Topology:GatewayPort={gatewayPort}",
                     $"--Topology:RabbitMqPort={FreePort()}", $"--Topology:S3Port={FreePort()}" })
            psi.ArgumentList.Add(a);
        psi.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort()}";
        psi.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort()}";
        psi.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        psi.Environment["DOTNET_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
        var process = Process.Start(psi)!;
        var file = Path.Combine(work, "apphost.log");
        var sink = new object();
        void Write(string? line)
        {
            if (line is null) return;
            lock (sink) File.AppendAllText(file, line + "\n");
        }
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        log.WriteLine($"film: AppHost started (log {file})");
        return process;
    }

    private static void Stop(Process host, Sampler samples)
    {
        if (!host.HasExited)
        {
            Process.Start("kill", ["-TERM", host.Id.ToString(Tools.Inv)])!.WaitForExit();
            if (!host.WaitForExit(90_000)) Process.Start("kill", ["-KILL", "--", "-" + host.Id.ToString(Tools.Inv)])!.WaitForExit();
        }
        // Whatever outlived the AppHost (the orchestrator normally stops it all).
        foreach (var pid in samples.SeenPids())
            try { Process.GetProcessById(pid).Kill(entireProcessTree: true); }
            catch (ArgumentException) { }
            catch (InvalidOperationException) { }
    }

    private static async Task WaitAsync(Func<Task<bool>> done, TimeSpan limit, string what, Process host)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (host.HasExited) throw new InvalidOperationException($"the AppHost exited ({host.ExitCode}) while waiting for {what}");
            try
            {
                if (await done()) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(2000);
        }
        throw new TimeoutException($"waited {limit} for {what}");
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>Every two seconds: the service processes (found by the program they run), their CPU and memory, and folder sizes.</summary>
    private sealed class Sampler(string work)
    {
        private readonly Dictionary<string, int> _pids = [];
        private readonly Dictionary<string, double> _cpu = [];
        private readonly Dictionary<string, long> _rss = [], _tree = [], _bytes = [];
        private static readonly double Tick = 100.0; // USER_HZ

        public async Task RunAsync(CancellationToken ct)
        {
            while (!ct.IsCancellationRequested)
            {
                Sample();
                try { await Task.Delay(2000, ct); }
                catch (OperationCanceledException) { }
            }
            Sample();
        }

        public IReadOnlyDictionary<string, double> CpuSeconds()
        {
            Sample();
            lock (_cpu) return new Dictionary<string, double>(_cpu);
        }

        public long PeakRssKb(string name) { lock (_cpu) return _rss.GetValueOrDefault(name); }
        public long PeakTreeKb(string name) { lock (_cpu) return _tree.GetValueOrDefault(name); }
        public long PeakBytes(string folder) { lock (_cpu) return _bytes.GetValueOrDefault(folder); }
        public IReadOnlyList<int> SeenPids() { lock (_cpu) return [.. _pids.Values]; }

        private void Sample()
        {
            var table = ProcessTable.Read();
            lock (_cpu)
            {
                foreach (var (pid, info) in table)
                {
                    var name = NameOf(info.CommandLine);
                    if (name is null) continue;
                    _pids[name] = pid;
                }
                foreach (var (name, pid) in _pids)
                {
                    if (!table.TryGetValue(pid, out var info)) continue;
                    // utime + stime + cutime + cstime: its own time and that of the children it waited for (ffmpeg).
                    _cpu[name] = info.Ticks / Tick;
                    _rss[name] = Math.Max(_rss.GetValueOrDefault(name), ProcessTable.StatusKb(pid, "VmHWM:"));
                    _tree[name] = Math.Max(_tree.GetValueOrDefault(name), table.Where(p => ProcessTable.Descends(table, p.Key, pid)).Sum(p => ProcessTable.StatusKb(p.Key, "VmRSS:")));
                }
                foreach (var sub in new[] { "scratch", "cache" })
                    foreach (var (resource, _, _) in Services)
                        Peak($"{sub}/{resource}", FolderBytes(Path.Combine(work, sub, resource)));
                Peak("s3", FolderBytes(Path.Combine(work, "s3")));
                Peak("s3-standardized", LargestFile(Path.Combine(work, "s3"), Path.Combine("std", "std-")));
            }
        }

        private void Peak(string key, long value) => _bytes[key] = Math.Max(_bytes.GetValueOrDefault(key), value);

        private static string? NameOf(string commandLine)
        {
            var args = commandLine.Split('\0', StringSplitOptions.RemoveEmptyEntries);
            if (args.Any(a => a.EndsWith(".csproj", StringComparison.Ordinal))) return null; // the `dotnet run` launcher
            foreach (var (resource, _, program) in Services)
                if (args.Any(a => Path.GetFileName(a) is var f && (f == program || f == program + ".dll"))) return resource;
            if (args.Any(a => a.Contains("rabbit", StringComparison.Ordinal)) && args.Any(a => a.Contains("beam", StringComparison.Ordinal) || a.EndsWith("beam.smp", StringComparison.Ordinal)))
                return "rabbitmq";
            if (args.Length > 0 && Path.GetFileName(args[0]) == "node" && args.Any(a => a.Contains("s3rver", StringComparison.Ordinal))) return "s3rver";
            return null;
        }

        private static long FolderBytes(string folder)
        {
            if (!Directory.Exists(folder)) return 0;
            long sum = 0;
            try
            {
                foreach (var f in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
                    try { sum += new FileInfo(f).Length; }
                    catch (IOException) { }
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            return sum;
        }

        // The standardized video in s3rver's folder: the largest object under an asset's std/<profile>/ key.
        private static long LargestFile(string folder, string contains)
        {
            if (!Directory.Exists(folder)) return 0;
            try
            {
                return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                    .Where(f => f.Contains(contains, StringComparison.Ordinal))
                    .Select(f => { try { return new FileInfo(f).Length; } catch (IOException) { return 0L; } })
                    .DefaultIfEmpty(0).Max();
            }
            catch (IOException) { return 0; }
        }
    }
}

/// <summary>/proc read once: each process's parent, CPU ticks (own and waited-for children) and command line.</summary>
internal static class ProcessTable
{
    public sealed record Entry(int Parent, long Ticks, string CommandLine);

    /// <summary>USER_HZ: the unit of /proc's CPU times on Linux.</summary>
    public const int TicksPerSecond = 100;

    public static Dictionary<int, Entry> Read()
    {
        var table = new Dictionary<int, Entry>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // Fields after the name, from 0: state, ppid, ... utime (11), stime (12), cutime (13), cstime (14).
                var ticks = long.Parse(fields[11], Tools.Inv) + long.Parse(fields[12], Tools.Inv) + long.Parse(fields[13], Tools.Inv) + long.Parse(fields[14], Tools.Inv);
                table[pid] = new Entry(int.Parse(fields[1], Tools.Inv), ticks, File.ReadAllText(Path.Combine(dir, "cmdline")));
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            catch (FormatException) { }
        }
        return table;
    }

    public static bool Descends(Dictionary<int, Entry> table, int pid, int root)
    {
        for (var (q, depth) = (pid, 0); depth < 16 && q > 1; depth++)
        {
            if (q == root) return true;
            if (!table.TryGetValue(q, out var e)) return false;
            q = e.Parent;
        }
        return false;
    }

    public static long StatusKb(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith(field, StringComparison.Ordinal))
                    return long.Parse(line[field.Length..].Trim().Split(' ')[0], Tools.Inv);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return 0;
    }
}
