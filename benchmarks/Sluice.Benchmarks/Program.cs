using System.Globalization;
using Sluice.Benchmarks.Encode;
using Sluice.Benchmarks.Engine;
using Sluice.Benchmarks.Parsing;
using Sluice.Benchmarks.Vault;

// Prints figures and ratios against baselines measured in the same run. Run in Release:
//   dotnet run -c Release --project benchmarks/Sluice.Benchmarks -- engine [items] [workers]
//   dotnet run -c Release --project benchmarks/Sluice.Benchmarks -- cluster [items] [workers]
//   dotnet run -c Release --project benchmarks/Sluice.Benchmarks -- parser [corpora-dir]
//   dotnet run -c Release --project benchmarks/Sluice.Benchmarks -- vault [small-files] [large-MB] [concurrency] [process-subset]
//   dotnet run -c Release --project benchmarks/Sluice.Benchmarks -- encode [clip-seconds] [runs] [height]
var command = args.FirstOrDefault() ?? "engine";
int Arg(int index, int fallback) =>
    args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
return command switch
{
    "engine" => await EngineBenchmark.RunAsync(Arg(1, 2000), Arg(2, 4), Console.Out),
    "cluster" => await ClusterBenchmark.RunAsync(Arg(1, 2000), Arg(2, 4), Console.Out),
    "failover-victim" => await ClusterBenchmark.VictimAsync(
        args[1],
        TimeSpan.FromSeconds(double.Parse(args[2], CultureInfo.InvariantCulture))
    ),
    "parser" => ParserAccuracyBenchmark.Run(
        args.Length > 1 ? args[1] : Path.Combine("..", "shared", "corpora", "dev"),
        Console.Out
    ),
    "vault" => await VaultBenchmark.RunAsync(
        Arg(1, 2000),
        Arg(2, 100),
        Arg(3, 16),
        Arg(4, 400),
        Console.Out
    ),
    "encode" => await EncodeBenchmark.RunAsync(Arg(1, 60), Arg(2, 5), Arg(3, 720), Console.Out),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine(
        "usage: Sluice.Benchmarks [engine [items] [workers] | cluster [items] [workers] | parser [corpora-dir] | vault [small-files] [large-MB] [concurrency] [process-subset] | encode [clip-seconds] [runs] [height]]"
    );
    return 2;
}
