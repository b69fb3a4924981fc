using Matchcut.AllInOne;

return await MatchcutCli.InvokeAsync(args, Console.Out, Console.Error);
