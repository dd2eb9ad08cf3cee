namespace Sluice.Node.Configuration;

/// <summary>How an uploaded copy is checked before the file counts as vaulted.</summary>
public enum VerifyMode
{
    /// <summary>By hash where the remote has one both sides can compute, a crypt remote by cryptcheck, otherwise size plus a download check.</summary>
    Auto,

    /// <summary>By a hash the remote reports (md5, sha1…); refused at start of an upload when it has none.</summary>
    Hash,

    /// <summary>Size only: cheap, and blind to a copy of the right length with the wrong bytes.</summary>
    Size,

    /// <summary>The copy is read back in full and hashed here: costs its size in download traffic.</summary>
    Download,

    /// <summary>`rclone cryptcheck`: the local file encrypted with the copy's nonce, compared by the underlying remote's hash.</summary>
    CryptCheck,
}

/// <summary>Per destination limits: bandwidth, upload windows, a daily cap, quota pauses and verification.</summary>
public sealed partial class VaultDestinationOptions
{
    /// <summary>rclone's `--bwlimit` for this destination: `8M`, or a timetable such as `08:00,512k 23:00,off`.</summary>
    public string? BandwidthLimit { get; set; }

    /// <summary>Uploads start only inside these windows (`01:00-07:00`, may cross midnight), in <see cref="TimeZone"/>. Empty: any time.</summary>
    public List<string> UploadWindows { get; set; } = [];

    /// <summary>At most this much per day (`700G`, binary units like rclone's); the rest waits for the next day.</summary>
    public string? DailyCap { get; set; }

    /// <summary>IANA time zone for windows, caps and quota resets; the node's own when empty.</summary>
    public string? TimeZone { get; set; }

    /// <summary>When the provider's daily quota resets (`00:00`, in <see cref="TimeZone"/>); without it a quota error pauses for <see cref="QuotaPause"/>.</summary>
    public string? QuotaResetsAt { get; set; }

    /// <summary>How long a quota error pauses the destination when <see cref="QuotaResetsAt"/> is not set.</summary>
    public TimeSpan QuotaPause { get; set; } = TimeSpan.FromHours(1);

    public VerifyMode Verify { get; set; } = VerifyMode.Auto;
}
