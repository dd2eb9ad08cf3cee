namespace Sluice.Tools.Ffmpeg;

/// <summary>What the configuration asks for: no GPU, whatever is found, or one family.</summary>
public enum HardwareRequest
{
    None,
    Auto,
    Nvenc,
    Vaapi,
    Qsv,
}

/// <summary>The GPU devices visible on this machine.</summary>
/// <param name="Nvidia">/dev/nvidiactl or /dev/nvidia0 exists (the NVIDIA driver is loaded).</param>
/// <param name="RenderNodes">/dev/dri/renderD* nodes, for VAAPI and QSV.</param>
public sealed record HardwareDevices(bool Nvidia, IReadOnlyList<string> RenderNodes)
{
    /// <summary>Looks at <paramref name="devRoot"/> (/dev).</summary>
    public static HardwareDevices Scan(string devRoot = "/dev")
    {
        var dri = Path.Combine(devRoot, "dri");
        return new HardwareDevices(
            File.Exists(Path.Combine(devRoot, "nvidiactl"))
                || File.Exists(Path.Combine(devRoot, "nvidia0")),
            Directory.Exists(dri)
                ? [.. Directory.EnumerateFiles(dri, "renderD*").Order(StringComparer.Ordinal)]
                : []
        );
    }
}

/// <summary>The encoder family the node uses, and why it fell back to software when it did.</summary>
public sealed record HardwareChoice(Acceleration Acceleration, string? Device, string? Fallback)
{
    public static HardwareChoice Software { get; } = new(Acceleration.None, null, null);
}

/// <summary>
/// Chooses the encoder family from what was asked, what this ffmpeg was built with (<c>ffmpeg
/// -encoders</c>) and which devices exist. Pure.
/// </summary>
/// <remarks>
/// A family is usable when ffmpeg lists its encoder for every format the profiles write and its
/// device exists: NVENC needs the NVIDIA driver's device nodes, VAAPI and QSV a DRM render node
/// (the configured one, else the first). Debian's ffmpeg lists NVENC, VAAPI and QSV encoders on
/// machines without any GPU, so the device check is what tells. <c>Auto</c> tries NVENC, then
/// VAAPI (which also drives Intel GPUs); QSV only when asked for. Anything asked for and not
/// usable falls back to software, saying why.
/// </remarks>
public static class HardwareDetection
{
    public static HardwareChoice Choose(
        HardwareRequest request,
        string? configuredDevice,
        IReadOnlySet<string> encoders,
        IReadOnlyCollection<VideoFormat> formats,
        HardwareDevices devices
    )
    {
        ArgumentNullException.ThrowIfNull(encoders);
        ArgumentNullException.ThrowIfNull(devices);
        switch (request)
        {
            case HardwareRequest.None:
                return HardwareChoice.Software;
            case HardwareRequest.Auto:
                var nvenc = Try(Acceleration.Nvenc, configuredDevice, encoders, formats, devices);
                if (nvenc.Fallback is null)
                {
                    return nvenc;
                }

                var vaapi = Try(Acceleration.Vaapi, configuredDevice, encoders, formats, devices);
                return vaapi.Fallback is null
                    ? vaapi
                    : HardwareChoice.Software with
                    {
                        Fallback = $"no usable GPU encoder ({nvenc.Fallback}; {vaapi.Fallback})",
                    };
            case HardwareRequest.Nvenc:
                return Try(Acceleration.Nvenc, configuredDevice, encoders, formats, devices);
            case HardwareRequest.Vaapi:
                return Try(Acceleration.Vaapi, configuredDevice, encoders, formats, devices);
            case HardwareRequest.Qsv:
                return Try(Acceleration.Qsv, configuredDevice, encoders, formats, devices);
            default:
                throw new ArgumentOutOfRangeException(nameof(request), request, null);
        }
    }

    /// <summary>The encoder names in <c>ffmpeg -hide_banner -encoders</c> output (" V....D libx264  …").</summary>
    public static IReadOnlySet<string> ParseEncoders(IEnumerable<string> lines) =>
        lines
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(parts =>
                parts.Length >= 2
                && parts[1] != "="
                && parts[0].Length == 6
                && parts[0][0] is 'V' or 'A' or 'S'
                && parts[0].Skip(1).All(c => c is '.' or 'F' or 'S' or 'X' or 'B' or 'D')
            )
            .Select(parts => parts[1])
            .ToHashSet(StringComparer.Ordinal);

    private static HardwareChoice Try(
        Acceleration family,
        string? configuredDevice,
        IReadOnlySet<string> encoders,
        IReadOnlyCollection<VideoFormat> formats,
        HardwareDevices devices
    )
    {
        var missing = formats
            .Select(f => VideoEncoding.EncoderName(f, family))
            .Where(e => !encoders.Contains(e))
            .ToList();
        if (missing.Count > 0)
        {
            return Fallback($"this ffmpeg has no {string.Join(" or ", missing)}");
        }

        if (family == Acceleration.Nvenc)
        {
            return devices.Nvidia
                ? new HardwareChoice(Acceleration.Nvenc, null, null)
                : Fallback("no NVIDIA device (/dev/nvidiactl)");
        }

        var device =
            configuredDevice is { Length: > 0 }
                ? devices.RenderNodes.FirstOrDefault(d => d == configuredDevice)
            : devices.RenderNodes.Count > 0 ? devices.RenderNodes[0]
            : null;
        return device is null
            ? Fallback(
                configuredDevice is { Length: > 0 }
                    ? $"no render node {configuredDevice}"
                    : "no render node (/dev/dri/renderD*)"
            )
            : new HardwareChoice(family, device, null);

        HardwareChoice Fallback(string why) =>
            HardwareChoice.Software with
            {
                Fallback = $"{family.ToString().ToUpperInvariant()}: {why}",
            };
    }
}
