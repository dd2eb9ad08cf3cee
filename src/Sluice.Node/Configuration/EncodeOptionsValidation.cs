using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Sluice.Node.Encode;
using Sluice.Tools.Ffmpeg;

namespace Sluice.Node.Configuration;

/// <summary>Checks the Encode section at start; every message names its key.</summary>
public sealed partial class EncodeOptionsValidation : IValidateOptions<EncodeOptions>
{
    public ValidateOptionsResult Validate(string? name, EncodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (
            string.IsNullOrWhiteSpace(options.OutputFolder)
            || Path.IsPathRooted(options.OutputFolder)
            || options.OutputFolder.Split('/').Any(s => s is ".." or ".")
        )
        {
            problems.Add(
                $"Encode:OutputFolder must be a folder inside the library, like 'Encoded' (got '{options.OutputFolder}')."
            );
        }

        if (
            options.StopGracePeriod < TimeSpan.Zero
            || options.StopGracePeriod > TimeSpan.FromMinutes(10)
        )
        {
            problems.Add(
                $"Encode:StopGracePeriod must be within 0..10 minutes (got {options.StopGracePeriod})."
            );
        }

        if (options.HardwareDevice is { Length: > 0 } device && !Path.IsPathFullyQualified(device))
        {
            problems.Add(
                $"Encode:HardwareDevice must be a device path like /dev/dri/renderD128 (got '{device}')."
            );
        }

        Languages(problems, "Encode:Audio:Languages", options.Audio.Languages);
        Languages(problems, "Encode:Audio:AnimeLanguages", options.Audio.AnimeLanguages ?? []);
        Languages(problems, "Encode:Audio:Codecs", options.Audio.Codecs);
        Languages(problems, "Encode:Subtitles:Languages", options.Subtitles.Languages);
        for (var i = 0; i < options.Profiles.Count; i++)
        {
            Profile(problems, $"Encode:Profiles:{i}", options.Profiles[i]);
        }

        if (
            options
                .Profiles.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
                .FirstOrDefault(g => g.Count() > 1) is
            { } duplicate
        )
        {
            problems.Add($"Encode:Profiles has two profiles named '{duplicate.Key}'.");
        }

        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems);
    }

    private static void Profile(List<string> problems, string key, EncodeProfileOptions p)
    {
        if (!ProfileName().IsMatch(p.Name))
        {
            problems.Add($"{key}:Name must be letters, digits, '-' or '_' (got '{p.Name}').");
        }

        if (p.Action is null)
        {
            problems.Add($"{key}:Action is required: Hardsub, Transcode or Remux.");
        }

        if (EncodeConditions.Codec(p.VideoCodec) is not ("h264" or "hevc"))
        {
            problems.Add($"{key}:VideoCodec must be h264 or h265 (got '{p.VideoCodec}').");
        }

        if (p.Quality is < 0 or > 51)
        {
            problems.Add($"{key}:Quality is a CRF within 0..51 (got {p.Quality}).");
        }

        if (!VideoEncoding.Presets.Contains(p.Preset))
        {
            problems.Add(
                $"{key}:Preset must be one of {string.Join(", ", VideoEncoding.Presets)} (got '{p.Preset}')."
            );
        }

        if (!Bitrate().IsMatch(p.AudioBitrate))
        {
            problems.Add($"{key}:AudioBitrate must be like 192k (got '{p.AudioBitrate}').");
        }

        if (OutputNaming.Problem(p.Output) is { } naming)
        {
            problems.Add($"{key}:Output {naming}.");
        }

        var when = p.When;
        if (
            when.Kinds.FirstOrDefault(k =>
                !EncodeConditions.KnownKinds.Contains(k, StringComparer.OrdinalIgnoreCase)
            ) is
            { } kind
        )
        {
            problems.Add(
                $"{key}:When:Kinds entries are {string.Join(", ", EncodeConditions.KnownKinds)} (got '{kind}')."
            );
        }

        Languages(problems, $"{key}:When:VideoCodecs", when.VideoCodecs);
        Languages(problems, $"{key}:When:NotVideoCodecs", when.NotVideoCodecs);
        Languages(problems, $"{key}:When:Containers", when.Containers);
        if (when.MinHeight is < 1 || when.MaxHeight is < 1 || when.MinHeight > when.MaxHeight)
        {
            problems.Add(
                $"{key}:When:MinHeight and MaxHeight must be positive, the minimum not above the maximum."
            );
        }
    }

    private static void Languages(List<string> problems, string key, List<string> values)
    {
        if (values.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add($"{key} has an empty entry.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex ProfileName();

    [GeneratedRegex("^[1-9][0-9]{0,3}k$")]
    private static partial Regex Bitrate();
}
