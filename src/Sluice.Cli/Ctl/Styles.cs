namespace Sluice.Cli.Ctl;

/// <summary>Colours for states in tables.</summary>
public static class Styles
{
    public static string State(string state) =>
        state switch
        {
            "notified" => "[green]notified[/]",
            "failed" => "[red]failed[/]",
            "cancelled" => "[grey]cancelled[/]",
            _ => $"[yellow]{Spectre.Console.Markup.Escape(state)}[/]",
        };

    public static string Clip(string text, int max) =>
        text.Length <= max ? text : text[..(max - 1)] + "…";
}
