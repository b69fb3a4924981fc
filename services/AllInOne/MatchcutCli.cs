using System.CommandLine;
using Matchcut.Reports.Exports;

namespace Matchcut.AllInOne;

/// <summary>`matchcut run|serve|models`: the command line, its options and help, and what bad arguments exit with.</summary>
public static class MatchcutCli
{
    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = Build();
        var parsed = root.Parse(args);
        var config = new InvocationConfiguration { Output = output, Error = error };
        if (parsed.Errors.Count > 0 && parsed.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            foreach (var e in parsed.Errors) await error.WriteLineAsync(e.Message);
            var command = parsed.CommandResult.Command;
            await error.WriteLineAsync($"See '{string.Join(' ', Path(command, root))} --help'.");
            return ExitCodes.Usage;
        }
        // A failure no command handled is reported in one line, never as a stack trace.
        config.EnableDefaultExceptionHandler = false;
        try
        {
            return await parsed.InvokeAsync(config);
        }
        catch (Exception e)
        {
            await error.WriteLineAsync($"matchcut: {OneLine(e)}");
            return ExitCodes.Error;
        }
    }

    /// <summary>The exception's message and its inner ones', on one line.</summary>
    public static string OneLine(Exception e)
    {
        var messages = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (!messages.Any(m => m.Contains(x.Message, StringComparison.Ordinal))) messages.Add(x.Message);
        return string.Join(" ", messages).ReplaceLineEndings(" ");
    }

    public static RootCommand Build()
    {
        var root = new RootCommand("matchcut: finds match cuts and searchable shots in films.");
        root.Add(Run());
        root.Add(Serve());
        root.Add(ModelsCommand.Build());
        root.Add(Search());
        return root;
    }

    private static Command Run()
    {
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "Video files, or folders whose videos (mp4, mov, mkv, webm, ...) are each a title.",
            Arity = ArgumentArity.OneOrMore,
        };
        // Inputs take every free token, so an option this command does not know would otherwise be taken for a file.
        inputs.Validators.Add(r =>
        {
            foreach (var t in r.Tokens.Where(t => t.Value.Length > 1 && t.Value[0] == '-'))
                r.AddError($"Unrecognized option '{t.Value}' (a file whose name starts with '-' is written ./{t.Value}).");
        });
        var outFolder = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => "out" };
        var title = new Option<string?>("--title") { Description = "Title id of a single input (default: the file name)." };
        var store = new Option<string>("--store")
        {
            Description = "Object-store folder, reused across runs so the same content is never processed twice.",
            DefaultValueFactory = _ => ".matchcut/store",
        };
        var export = new Option<string[]>("--export")
        {
            Description = $"Cut lists to write next to each result.json: {string.Join(", ", CutListFormats.All)} (comma-separated).",
            AllowMultipleArgumentsPerToken = true,
            CustomParser = r => r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray(),
        };
        export.Validators.Add(r =>
        {
            foreach (var f in r.GetValueOrDefault<string[]>() ?? [])
                if (!CutListFormats.All.Contains(f)) r.AddError($"'{f}' is not an export format; use {string.Join(", ", CutListFormats.All)}.");
        });
        var k = new Option<int>("--k") { Description = "Pairs per flavour across titles (with two or more titles).", DefaultValueFactory = _ => 20 };
        k.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 1000) r.AddError("--k must be between 1 and 1000."); });
        var plain = new Option<bool>("--plain") { Description = "Plain lines instead of the live progress display (the default when output is not a terminal)." };
        var noModels = new Option<bool>("--no-models") { Description = "Run without the folder models (DeepLabV3, YOLOX-nano, YuNet): no silhouettes, tags or scale." };

        var command = new Command("run", "Runs the whole pipeline in this process on each input and writes OUT/<asset-id>/result.json, report.html " +
            "and the exports; with two or more titles also OUT/matches.json and OUT/report.html (match cuts across titles).")
        {
            inputs, outFolder, title, store, export, k, plain, noModels,
        };
        command.SetAction((r, ct) => RunCommand.RunAsync(new RunRequest(
            r.GetRequiredValue(inputs), r.GetRequiredValue(outFolder), r.GetValue(title), r.GetRequiredValue(store),
            r.GetValue(export) ?? [], r.GetValue(k), r.GetValue(plain) || Console.IsOutputRedirected, r.GetValue(noModels)), ct));
        return command;
    }

    private static Command Serve()
    {
        var store = new Option<string>("--store") { Description = "Object-store folder `matchcut run` filled.", DefaultValueFactory = _ => ".matchcut/store" };
        var urls = new Option<string>("--urls") { Description = "Where to listen.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var allow = new Option<string?>("--allow") { Description = "Folder that POSTed source paths may come from." };
        var command = new Command("serve", "Serves the query API (/api/v1) and the review page over the store, with the pipeline running for POST /api/v1/assets.")
        {
            store, urls, allow,
        };
        command.SetAction((r, ct) => ServeCommand.RunAsync(r.GetRequiredValue(store), r.GetRequiredValue(urls), r.GetValue(allow), ct));
        return command;
    }

    private static Command Search()
    {
        var image = new Option<string?>("--image") { Description = "A JPEG or PNG: finds the shots that look like it, across titles." };
        var words = new Option<string?>("--words") { Description = "Words, e.g. \"exit\" or \"automobile\": finds the shots showing them as text on screen (exactly or one letter off) or tagged with the detector classes they stand for." };
        var scale = new Option<string?>("--scale") { Description = "With --words: only shots of this scale (close-up, medium, wide)." };
        var page = new Option<int>("--page") { Description = "With --words: which page of --k shots.", DefaultValueFactory = _ => 1 };
        page.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--page starts at 1."); });
        var store = new Option<string>("--store") { Description = "Object-store folder `matchcut run` filled.", DefaultValueFactory = _ => ".matchcut/store" };
        var titles = new Option<string?>("--titles") { Description = "Only these titles (comma-separated)." };
        var k = new Option<int>("--k") { Description = "Shots to return.", DefaultValueFactory = _ => 20 };
        k.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 200) r.AddError("--k must be between 1 and 200."); });
        var json = new Option<bool>("--json") { Description = "Print the API's JSON answer instead of a table." };
        var command = new Command("search", "Searches the store's shots as the API does (POST /api/v1/search/image, GET /api/v1/search).") { image, words, scale, page, store, titles, k, json };
        command.SetAction((r, ct) => SearchCommand.RunAsync(new SearchRequest(r.GetValue(image), r.GetRequiredValue(store),
            Index.Query.SearchTitles.Split(r.GetValue(titles)), r.GetValue(k), r.GetValue(json), r.GetValue(words), r.GetValue(scale), r.GetValue(page)),
            r.InvocationConfiguration.Output, r.InvocationConfiguration.Error, ct));
        return command;
    }

    private static IEnumerable<string> Path(Command command, RootCommand root) =>
        command == root ? ["matchcut"] : ["matchcut", command.Name];
}
