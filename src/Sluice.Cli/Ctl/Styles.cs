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

    /// <summary>
    /// How many hex digits of an item id tables show. Ids are UUIDv7: the first 12 digits are
    /// the millisecond the file was found, so 8 would be shared by every file of the same
    /// minute (a season pack); 12 differ unless two files were found in one millisecond.
    /// </summary>
    public const int ShortId = 12;

    public static string Short(string id) => id.Length <= ShortId ? id : id[..ShortId];

    public static string Clip(string text, int max) =>
        text.Length <= max ? text : text[..(max - 1)] + "…";
}
