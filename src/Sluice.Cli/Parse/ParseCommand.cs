using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sluice.Domain.Naming;
using Sluice.Node.Hosting;
using Spectre.Console;

namespace Sluice.Cli.Parse;

/// <summary>
/// `sluice parse NAME…` shows what the parser reads from release names and where the default
/// templates would put them. `--json -` reads one name per stdin line and writes one JSON
/// object per line, with the corpus keys, omitting what was not found.
/// </summary>
public static class ParseCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create()
    {
        var names = new Argument<string[]>("name")
        {
            Description =
                "Release or file names (with folders if any); '-' reads names from stdin, one per line.",
            Arity = ArgumentArity.OneOrMore,
        };
        var config = new Option<string?>("--config")
        {
            Description =
                "Use the naming templates of this node configuration (and SLUICE_Naming__* variables).",
        };
        var json = new Option<bool>("--json")
        {
            Description = "One JSON object per name and line, for scripts.",
        };
        var command = new Command(
            "parse",
            "Show how release names are parsed and where they would be sorted."
        )
        {
            names,
            json,
            config,
        };
        command.SetAction(
            async (parse, ct) =>
            {
                var inputs = parse.GetValue(names)!;
                var lines = inputs is ["-"] ? ReadStdin() : inputs;
                NamingTemplates templates;
                try
                {
                    templates = SluiceNodeHost.NamingTemplatesOf(
                        new NodeLaunch { ConfigFile = parse.GetValue(config) }
                    );
                }
                catch (Exception ex)
                    when (ex
                            is NamingTemplateException
                                or InvalidOperationException
                                or FileNotFoundException
                                or InvalidDataException
                    )
                {
                    await Console.Error.WriteLineAsync($"sluice parse: {ex.Message}");
                    return ExitCodes.Usage;
                }

                foreach (var name in lines)
                {
                    ct.ThrowIfCancellationRequested();
                    var info = ReleaseParser.Parse(name);
                    if (parse.GetValue(json))
                    {
                        Console.WriteLine(
                            JsonSerializer.Serialize(ReleaseInfoFields.ToCorpusFields(info), Json)
                        );
                    }
                    else
                    {
                        Render(name, info, templates);
                    }
                }

                await Console.Out.FlushAsync(ct);
                return ExitCodes.Ok;
            }
        );
        return command;
    }

    private static IEnumerable<string> ReadStdin()
    {
        while (Console.In.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                yield return line;
            }
        }
    }

    private static void Render(string name, ReleaseInfo info, NamingTemplates templates)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[grey]name[/]", Markup.Escape(name));
        foreach (var (key, value) in ReleaseInfoFields.ToCorpusFields(info))
        {
            grid.AddRow(
                $"[grey]{key}[/]",
                Markup.Escape(
                    value is IEnumerable<int> list
                        ? string.Join(", ", list)
                        : value.ToString() ?? ""
                )
            );
        }

        var fileName = name.Split('/')[^1];
        grid.AddRow("[grey]destination[/]", Markup.Escape(templates.Render(info, fileName).Value));
        AnsiConsole.Write(grid);
        AnsiConsole.WriteLine();
    }
}
