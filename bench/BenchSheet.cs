using System.Globalization;

namespace Matchcut.BenchResults;

/// <summary>
/// What one benchmark run measured, written where bench/report.sh reads it: figures into bench/results/figures.csv
/// (figure, value, unit, op, target, status, mode, measured_at, bench, note) and a stamp per table CSV into
/// bench/results/tables.csv (table, bench, mode, measured_at). Compiled into every bench project (linked source).
/// </summary>
/// <remarks>
/// A run without a part selection replaces every row its bench wrote before; a partial run (<c>--only</c>) replaces
/// only the figures it measured and keeps the others with their own stamps. `make bench` deletes both files first, so a
/// full run rewrites them entirely.
/// </remarks>
public sealed class BenchSheet(string bench, string mode, string resultsFolder, bool partial)
{
    public const string Header = "figure,value,unit,op,target,status,mode,measured_at,bench,note";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly List<string[]> _rows = [];
    private readonly List<(string Table, string At)> _tables = [];

    public string Mode => mode;
    public string ResultsFolder => resultsFolder;
    public bool AnyMiss => _rows.Any(r => r[5] == "MISS");

    /// <summary>The folder bench/results of the checkout the binary was built in (the one holding matchcut.slnx).</summary>
    public static string DefaultResultsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "matchcut.slnx"))) return Path.Combine(dir.FullName, "bench", "results");
        throw new DirectoryNotFoundException("No matchcut.slnx above the benchmark binary: run it from the checkout it was built in.");
    }

    /// <summary>Records a figure and prints it. <paramref name="op"/> empty: no target (informational).</summary>
    public void Figure(string name, double value, string unit, string op, double target, string note = "")
    {
        var status = Status(value, op, target);
        _rows.Add([Clean(name), value.ToString(Math.Abs(value) >= 100 ? "F1" : "F3", Inv), unit, op, op == "" ? "-" : target.ToString(Inv), status, mode,
            Now(), bench, Clean(note)]);
        Console.WriteLine($"  {name,-48} {_rows[^1][1],10} {unit,-6} target {op} {(op == "" ? "-" : target.ToString(Inv)),-6} {status} {note}");
    }

    /// <summary>Writes a table CSV under the results folder and stamps it with this run's mode and time.</summary>
    public void Table(string fileName, IEnumerable<string> lines)
    {
        Directory.CreateDirectory(resultsFolder);
        File.WriteAllLines(Path.Combine(resultsFolder, fileName), lines);
        Stamp(fileName);
    }

    /// <summary>Stamps a table CSV written by other code in this run.</summary>
    public void Stamp(string fileName)
    {
        _tables.RemoveAll(t => t.Table == fileName);
        _tables.Add((fileName, Now()));
    }

    /// <summary>Merges this run's figures and table stamps into figures.csv and tables.csv.</summary>
    public void Save()
    {
        Directory.CreateDirectory(resultsFolder);
        var names = _rows.Select(r => r[0]).ToHashSet();
        Merge(Path.Combine(resultsFolder, "figures.csv"), Header, _rows.Select(r => string.Join(',', r)).ToList(),
            old => names.Contains(old[0]) || (!partial && old.Length > 8 && old[8] == bench), old => old[0]);
        var tables = _tables.Select(t => t.Table).ToHashSet();
        Merge(Path.Combine(resultsFolder, "tables.csv"), "table,bench,mode,measured_at",
            _tables.Select(t => $"{t.Table},{bench},{mode},{t.At}").ToList(), old => tables.Contains(old[0]), old => old[0]);
    }

    // Rows replaced keep their place; new rows go at the end; rows of other benches (and unmeasured parts) stay.
    private static void Merge(string path, string header, List<string> fresh, Func<string[], bool> replaced, Func<string[], string> key)
    {
        var byKey = new Dictionary<string, string>();
        foreach (var l in fresh) byKey[l.Split(',')[0]] = l;
        var lines = new List<string> { header };
        if (File.Exists(path))
            foreach (var line in File.ReadLines(path).Skip(1))
            {
                var cells = line.Split(',');
                if (!replaced(cells)) lines.Add(line);
                else if (byKey.Remove(key(cells), out var now)) lines.Add(now);
            }
        lines.AddRange(fresh.Where(l => byKey.Remove(l.Split(',')[0])));
        File.WriteAllLines(path, lines);
    }

    public static string Status(double v, string op, double t) => op switch
    {
        "<=" => v <= t ? "PASS" : "MISS",
        "<" => v < t ? "PASS" : "MISS",
        ">=" => v >= t ? "PASS" : "MISS",
        ">" => v > t ? "PASS" : "MISS",
        "==" => v == t ? "PASS" : "MISS",
        _ => "",
    };

    private static string Now() => DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm'Z'", Inv);

    private static string Clean(string s) => s.Replace(',', ';').Replace('\n', ' ').Replace('|', '/');
}
