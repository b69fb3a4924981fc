using System.Diagnostics;
using System.Globalization;
using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Spectre.Console;
using Spectre.Console.Rendering;
using Matchcut.Stages;

namespace Matchcut.AllInOne;

/// <summary>How `matchcut run` shows a title going through the stages: live bars on a terminal, plain lines elsewhere.</summary>
internal interface IRunProgress
{
    Task RunAsync(Func<Task> body);
    void BeginTitle(string titleId, string path);
    void Report(StageProgressUpdate update);
    void StageDone(string stage, string detail);
    void EndTitle(string line);
    void Line(string text);
    void Summary(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows);

    /// <summary>The stages as the command line names them.</summary>
    static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        [PipelineStages.Ingest] = "ingest",
        [PipelineStages.StandardizedEncode] = "standardize",
        [PipelineStages.ShotSegment] = "segment",
        [PipelineStages.Dedup] = "dedup",
        [PipelineStages.EmbedGpu] = "embed",
        [PipelineStages.Score] = "score",
        [PipelineStages.Index] = "index",
    };
}

/// <summary>Spectre.Console progress: a bar per stage with done/total, rate and time left.</summary>
internal sealed class LiveProgress(IAnsiConsole console) : IRunProgress
{
    private readonly Dictionary<string, ProgressTask> _tasks = new();
    private readonly Dictionary<int, string> _units = new();
    private readonly Lock _gate = new();
    private ProgressContext? _context;
    private string _title = "";

    public Task RunAsync(Func<Task> body) => console.Progress()
        .AutoClear(false)
        .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
            new CountColumn(_units), new RemainingTimeColumn(), new SpinnerColumn())
        .StartAsync(async ctx =>
        {
            _context = ctx;
            await body();
        });

    public void BeginTitle(string titleId, string path)
    {
        lock (_gate)
        {
            _title = titleId;
            _tasks.Clear();
            foreach (var stage in PipelineStages.All)
            {
                var task = _context!.AddTask($"{Markup.Escape(titleId)} [grey]{IRunProgress.Names[stage]}[/]", autoStart: false);
                task.IsIndeterminate = true;
                _tasks[stage] = task;
            }
        }
    }

    public void Report(StageProgressUpdate update)
    {
        lock (_gate)
        {
            if (!_tasks.TryGetValue(update.Stage, out var task) || task.IsFinished) return;
            if (!task.IsStarted) task.StartTask();
            _units[task.Id] = update.Unit;
            task.IsIndeterminate = false;
            task.MaxValue = Math.Max(1, update.Total);
            task.Value = update.Done;
        }
    }

    public void StageDone(string stage, string detail)
    {
        lock (_gate)
        {
            if (!_tasks.TryGetValue(stage, out var task)) return;
            if (!task.IsStarted) task.StartTask();
            task.Description = $"{Markup.Escape(_title)} [grey]{IRunProgress.Names[stage]}[/] {Markup.Escape(detail)}";
            task.IsIndeterminate = false;
            task.Value = task.MaxValue;
            task.StopTask();
            // The next stage starts when this one is done.
            var next = PipelineStages.All.SkipWhile(s => s != stage).Skip(1).FirstOrDefault();
            if (next is not null && _tasks.TryGetValue(next, out var n) && !n.IsStarted) n.StartTask();
        }
    }

    public void EndTitle(string line)
    {
        lock (_gate)
        {
            foreach (var task in _tasks.Values) _context!.RemoveTask(task);
            _tasks.Clear();
        }
        console.MarkupLine(Markup.Escape(line));
    }

    public void Line(string text) => console.MarkupLine(Markup.Escape(text));

    public void Summary(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var h in header) table.AddColumn(Markup.Escape(h));
        foreach (var r in rows) table.AddRow(r.Select(Markup.Escape).ToArray());
        console.Write(table);
    }

    /// <summary>"480/720 frames 85/s": the stage's count, unit and rate.</summary>
    private sealed class CountColumn(Dictionary<int, string> units) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            if (task.IsIndeterminate || !units.TryGetValue(task.Id, out var unit)) return new Text("");
            var rate = task.Speed is { } s && !task.IsFinished ? string.Create(CultureInfo.InvariantCulture, $" {s:0.#}/s") : "";
            return new Text(string.Create(CultureInfo.InvariantCulture, $"{task.Value:0}/{task.MaxValue:0} {unit}{rate}"), new Style(Color.Grey));
        }
    }
}

/// <summary>Plain lines for logs and pipes: one per finished stage, and one per quarter of a long stage with rate and time left.</summary>
internal sealed class PlainProgress(TextWriter output) : IRunProgress
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, (TimeSpan Started, int Quarter)> _stages = new();
    private readonly Lock _gate = new();
    private string _title = "";
    // A stage starts when the one before it is done: its rate counts from there.
    private TimeSpan _lastDone;

    public Task RunAsync(Func<Task> body) => body();

    public void BeginTitle(string titleId, string path)
    {
        lock (_gate)
        {
            _title = titleId;
            _stages.Clear();
            _lastDone = _clock.Elapsed;
        }
        Line($"landing {path} as title '{titleId}'");
    }

    public void Report(StageProgressUpdate u)
    {
        string? line = null;
        lock (_gate)
        {
            if (u.Total <= 0) return;
            var state = _stages.TryGetValue(u.Stage, out var s) ? s : (_lastDone, 0);
            var quarter = (int)(4 * u.Done / u.Total);
            if (quarter > state.Item2 && quarter < 4)
            {
                var seconds = (_clock.Elapsed - state.Item1).TotalSeconds;
                var rate = seconds > 0 ? u.Done / seconds : 0;
                var left = rate > 0 ? (u.Total - u.Done) / rate : 0;
                line = string.Create(CultureInfo.InvariantCulture,
                    $"{_title,-16} {IRunProgress.Names.GetValueOrDefault(u.Stage, u.Stage),-11} {u.Done}/{u.Total} {u.Unit} ({100 * u.Done / u.Total}%), {rate:0.#} {u.Unit}/s, {left:0} s left");
                state.Item2 = quarter;
            }
            _stages[u.Stage] = state;
        }
        if (line is not null) Line(line);
    }

    public void StageDone(string stage, string detail)
    {
        lock (_gate) _lastDone = _clock.Elapsed;
        Line($"{_title,-16} {IRunProgress.Names.GetValueOrDefault(stage, stage),-11} {detail}");
    }

    public void EndTitle(string line) => Line(line);

    public void Line(string text)
    {
        lock (_gate) output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,7:F1}s] {text}"));
    }

    public void Summary(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var all = new[] { header }.Concat(rows).ToList();
        var widths = header.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        lock (_gate)
            foreach (var r in all) output.WriteLine(string.Join("  ", r.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
    }
}
