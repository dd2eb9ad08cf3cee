using Sluice.Benchmarks.Engine;
using Sluice.Benchmarks.Parsing;

// Prints figures and ratios against baselines measured in the same run. Run in Release:
//   dotnet run -c Release --project benchmarks/Sluice.Benchmarks -- [engine [items] [workers] | parser [corpora-dir]]
var command = args.FirstOrDefault() ?? "engine";
return command switch
{
    "engine" => await EngineBenchmark.RunAsync(
        args.Length > 1
            ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture)
            : 2000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 4,
        Console.Out
    ),
    "parser" => ParserAccuracyBenchmark.Run(
        args.Length > 1 ? args[1] : Path.Combine("..", "shared", "corpora", "dev"),
        Console.Out
    ),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine(
        "usage: Sluice.Benchmarks [engine [items] [workers] | parser [corpora-dir]]"
    );
    return 2;
}
