using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Node.Configuration;
using Sluice.Tools.Ffmpeg;

namespace Sluice.Node.Encode;

/// <summary>
/// Decides once per node, at the first encode, whether video is encoded on a GPU
/// (<c>Encode:Hardware</c>), and logs the choice or why it fell back to software.
/// </summary>
/// <remarks>
/// Invariant: after the first successful detection every encode gets the same choice; a failed
/// detection (ffmpeg missing) is not cached, so the next encode tries again.
/// </remarks>
public sealed class EncoderSelection(
    FfmpegRunner ffmpeg,
    IOptions<EncodeOptions> options,
    ILogger<EncoderSelection> log,
    Func<HardwareDevices>? devices = null
)
{
    private readonly Lock _lock = new();
    private Task<HardwareChoice>? _choice;

    public Task<HardwareChoice> ChooseAsync(CancellationToken ct)
    {
        Task<HardwareChoice> choice;
        lock (_lock)
        {
            if (_choice is null || _choice.IsFaulted || _choice.IsCanceled)
            {
                _choice = DetectAsync();
            }

            choice = _choice;
        }

        return choice.WaitAsync(ct);
    }

    /// <summary>
    /// The GPU encoder failed where software then succeeded: every later encode on this node
    /// uses software (a restart detects again). A choice already replaced is left alone.
    /// </summary>
    public void Failed(HardwareChoice failed, string why)
    {
        lock (_lock)
        {
            if (
                _choice is not { IsCompletedSuccessfully: true } current
                || current.Result != failed
            )
            {
                return;
            }

            _choice = Task.FromResult(
                HardwareChoice.Software with
                {
                    Fallback = $"the {failed.Acceleration} encoder failed: {why}",
                }
            );
        }

        log.LogWarning(
            "The {Acceleration} encoder failed ({Why}) where software did not; this node encodes in software until it restarts",
            failed.Acceleration,
            why
        );
    }

    private async Task<HardwareChoice> DetectAsync()
    {
        var settings = options.Value;
        if (settings.Hardware == HardwareRequest.None)
        {
            return HardwareChoice.Software;
        }

        // Short and read-only: not tied to one job's cancellation, since every encode shares it.
        var encoders = await ffmpeg.ListEncodersAsync(CancellationToken.None);
        var formats = settings.EffectiveProfiles().Select(p => p.Video.Format).Distinct().ToList();
        var choice = HardwareDetection.Choose(
            settings.Hardware,
            settings.HardwareDevice,
            encoders,
            formats,
            (devices ?? (() => HardwareDevices.Scan()))()
        );
        if (choice.Fallback is { } why)
        {
            log.LogWarning(
                "Encode:Hardware is {Requested} but {Reason}; encoding in software",
                settings.Hardware,
                why
            );
        }
        else
        {
            log.LogInformation(
                "Encoding video with {Acceleration}{Device}",
                choice.Acceleration,
                choice.Device is { } d ? $" on {d}" : ""
            );
        }

        return choice;
    }
}
