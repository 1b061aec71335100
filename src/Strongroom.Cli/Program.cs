return await Strongroom.Cli.CliApp.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
