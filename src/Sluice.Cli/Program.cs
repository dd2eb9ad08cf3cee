using Sluice.Cli;

return await SluiceCli.InvokeAsync(args);
