using Microsoft.Extensions.Options;
using Sluice.Domain.Naming;

namespace Sluice.Node.Configuration;

/// <summary>
/// Library naming templates (Plex/Jellyfin conventions by default). Placeholders: {Title},
/// {Year}, {Season:00}, {Episode:00}, {EpisodeTitle}, {ReleaseGroup}, {Resolution}, {Source},
/// {VideoCodec}, {AirDate:yyyy-MM-dd}; the extension is added from the file.
/// </summary>
public sealed class NamingOptions
{
    public const string Section = "Naming";

    public string Show { get; set; } = NamingTemplates.DefaultShow;

    /// <summary>Anime numbered from the first episode of the series, with no season in the name.</summary>
    public string AbsoluteShow { get; set; } = NamingTemplates.DefaultAbsoluteShow;

    public string Movie { get; set; } = NamingTemplates.DefaultMovie;

    /// <summary>Shows named by air date (talk shows, news).</summary>
    public string Daily { get; set; } = NamingTemplates.DefaultDaily;

    /// <summary>
    /// When another file already has the name: KeepBoth gives the new one " (2)"; ReplaceIfBetter
    /// lets a better file (higher resolution, or clearly higher bitrate) take the name from a
    /// finished item whose file is in the vault, which keeps the old file under a "superseded"
    /// name. Files Sluice does not manage are never replaced.
    /// </summary>
    public ConflictPolicy OnConflict { get; set; } = ConflictPolicy.KeepBoth;

    /// <summary>The templates, validated: throws <see cref="NamingTemplateException"/> naming the bad placeholder.</summary>
    public NamingTemplates ToTemplates() =>
        NamingTemplates.Create(Show, AbsoluteShow, Movie, Daily);
}

public enum ConflictPolicy
{
    KeepBoth,
    ReplaceIfBetter,
}

/// <summary>A template with a typo stops the node at start, with the key and the placeholder named.</summary>
public sealed class NamingValidation : IValidateOptions<NamingOptions>
{
    public ValidateOptionsResult Validate(string? name, NamingOptions options)
    {
        var failures = new List<string>();
        Check(
            options.Show,
            "Show",
            () =>
                NamingTemplates.Create(
                    options.Show,
                    NamingTemplates.DefaultAbsoluteShow,
                    NamingTemplates.DefaultMovie
                )
        );
        Check(
            options.AbsoluteShow,
            "AbsoluteShow",
            () =>
                NamingTemplates.Create(
                    NamingTemplates.DefaultShow,
                    options.AbsoluteShow,
                    NamingTemplates.DefaultMovie
                )
        );
        Check(
            options.Movie,
            "Movie",
            () =>
                NamingTemplates.Create(
                    NamingTemplates.DefaultShow,
                    NamingTemplates.DefaultAbsoluteShow,
                    options.Movie
                )
        );
        Check(
            options.Daily,
            "Daily",
            () =>
                NamingTemplates.Create(
                    NamingTemplates.DefaultShow,
                    NamingTemplates.DefaultAbsoluteShow,
                    NamingTemplates.DefaultMovie,
                    options.Daily
                )
        );
        return failures.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(failures);

        void Check(string template, string key, Action create)
        {
            try
            {
                create();
            }
            catch (NamingTemplateException ex)
            {
                failures.Add($"Naming:{key} ('{template}'): {ex.Message}");
            }
        }
    }
}
