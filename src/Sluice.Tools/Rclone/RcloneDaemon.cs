using System.Diagnostics.CodeAnalysis;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Sluice.Tools.Processes;

namespace Sluice.Tools.Rclone;

/// <summary>
/// One long-lived <c>rclone rcd</c> on loopback, started on first use through the
/// <see cref="ProcessRunner"/> (so it carries the owner tag and dies with the node's sweep),
/// restarted with backoff when it dies, stopped on dispose.
/// </summary>
/// <remarks>
/// Invariants:
/// <list type="bullet">
/// <item>It listens on 127.0.0.1 only, on a port the kernel picks (<c>--rc-addr 127.0.0.1:0</c>;
/// the address is read from its log line, so two daemons never race for a port).</item>
/// <item>Every start gets a fresh random user and password. rclone sees only their SHA-1, in an
/// htpasswd file readable by this user alone and deleted when the daemon stops; the password
/// is never logged and is registered as a secret so no output tail can show it.</item>
/// <item>Only the supervisor loop writes <see cref="_current"/>; a call reads the endpoint
/// once and, if the daemon it spoke to is gone (connection refused), waits for the next one
/// and tries once more: a refused connection never reached rclone, so this is safe for any call.</item>
/// <item>After <see cref="DisposeAsync"/> returns, the process has been stopped (SIGINT, then
/// the runner's kill after the grace period).</item>
/// </list>
/// </remarks>
public sealed partial class RcloneDaemon : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly ProcessRunner _runner;
    private readonly RcloneOptions _options;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly HttpClient _http;
    private TaskCompletionSource<Endpoint> _current = NewEndpoint();
    private Task? _supervisor;
    private int _starts;

    public RcloneDaemon(ProcessRunner runner, RcloneOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(options);
        _runner = runner;
        _options = options;
        _time = time ?? TimeProvider.System;
        _http = new HttpClient(
            new SocketsHttpHandler
            {
                // One connection per concurrent call; loopback, so no proxy and no pooling limit.
                UseProxy = false,
                MaxConnectionsPerServer = int.MaxValue,
                PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            }
        )
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    internal TimeProvider Time => _time;

    /// <summary>How many times rcd has been started (1 after the first start; more after restarts).</summary>
    public int Starts => Volatile.Read(ref _starts);

    /// <summary>The address the daemon answers on, once it is running (for diagnostics and tests).</summary>
    public async Task<Uri> AddressAsync(CancellationToken cancellationToken) =>
        (await EndpointAsync(cancellationToken)).Address;

    /// <summary>Starts rcd if it is not running yet and waits until it answers <c>rc/noop</c>.</summary>
    public async Task StartAsync(CancellationToken cancellationToken) =>
        await EndpointAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Task? supervisor;
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            _stopping.Cancel();
            supervisor = _supervisor;
        }

        if (supervisor is not null)
        {
            await supervisor;
        }

        _http.Dispose();
        _stopping.Dispose();
    }

    private async Task<Endpoint> EndpointAsync(CancellationToken cancellationToken)
    {
        Task<Endpoint> current;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
            _supervisor ??= Task.Run(SuperviseAsync, CancellationToken.None);
            current = _current.Task;
        }

        return await current.WaitAsync(cancellationToken);
    }

    // Runs rcd until dispose; each exit (a crash, SIGKILL, the OOM killer) starts the next one
    // after a backoff that doubles while starts keep failing fast and resets after a long run.
    private async Task SuperviseAsync()
    {
        var failures = 0;
        while (!_stopping.IsCancellationRequested)
        {
            var endpoint = _current;
            var startedAt = _time.GetTimestamp();
            string failure;
            try
            {
                await RunOnceAsync(endpoint);
                failure = "rclone rcd exited";
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
                when (e
                        is ProcessFailedException
                            or ProcessStartException
                            // the credentials file could not be written (a full or read-only temp folder)
                            or IOException
                            or UnauthorizedAccessException
                )
            {
                failure = e.Message;
            }

            lock (_gate)
            {
                _current = NewEndpoint();
            }

            endpoint.TrySetException(
                new RcloneException(RcloneErrorKind.Transient, "rcd", null, failure)
            );
            failures = _time.GetElapsedTime(startedAt) > MaxBackoff ? 1 : failures + 1;
            var backoff = TimeSpan.FromMilliseconds(
                Math.Min(MaxBackoff.TotalMilliseconds, 250 * Math.Pow(2, failures - 1))
            );
            try
            {
                await Task.Delay(backoff, _time, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        lock (_gate)
        {
            _current.TrySetException(new ObjectDisposedException(nameof(RcloneDaemon)));
        }
    }

    private async Task RunOnceAsync(TaskCompletionSource<Endpoint> endpoint)
    {
        var user = "sluice-" + RandomNumberGenerator.GetHexString(8, lowercase: true);
        var password = RandomNumberGenerator.GetHexString(32, lowercase: true);
        var auth = new AuthenticationHeaderValue(
            "Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"))
        );
        var folder = Directory.CreateTempSubdirectory("sluice-rcd-"); // 0700
        try
        {
            var htpasswd = Path.Combine(folder.FullName, "htpasswd");
            await File.WriteAllTextAsync(htpasswd, HtpasswdLine(user, password), _stopping.Token);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(htpasswd, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            var command = new ProcessCommand(_options.ExecutablePath)
                .WithArguments(RcloneArguments.Daemon(_options, htpasswd))
                .WithSecret(password)
                .WithGracefulStop(GracefulStop.Interrupt, _options.GracePeriod);
            await RunOnceAsync(command, auth, endpoint);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The daemon's credentials as an htpasswd <c>{SHA}</c> entry. rclone checks <c>--rc-user</c>
    /// and <c>--rc-pass</c> with md5-crypt, a thousand MD5 rounds on every request, which cost
    /// a fifth of the small-file upload rate; one SHA-1 of a 128-bit random password is as safe
    /// against guessing, and the file never holds the password itself.
    /// </summary>
    [SuppressMessage(
        "Security",
        "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "htpasswd {SHA} is what rclone offers short of md5-crypt and bcrypt; the password is 128 random bits, so no guess or preimage reaches it."
    )]
    internal static string HtpasswdLine(string user, string password) =>
        $"{user}:{{SHA}}{Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(password)))}\n";

    private async Task RunOnceAsync(
        ProcessCommand command,
        AuthenticationHeaderValue auth,
        TaskCompletionSource<Endpoint> endpoint
    )
    {
        Interlocked.Increment(ref _starts);
        using var running = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var run = _runner.RunAsync(command, null, OnLogLine, running.Token);
        var ready = endpoint.Task.WaitAsync(ReadyTimeout, _time);
        if (await Task.WhenAny(run, ready) == ready && ready.IsFaulted)
        {
            // Running but never serving (no address line, or rc/noop never answered): replace it.
            await running.CancelAsync();
        }

        await run;

        void OnLogLine(string line)
        {
            if (!endpoint.Task.IsCompleted && ServingPattern().Match(line) is { Success: true } m)
            {
                var address = new Uri(m.Groups["url"].Value);
                _ = ConfirmAsync(new Endpoint(address, auth), endpoint, running);
            }
        }
    }

    // The log line says it listens; rc/noop with the credentials says it serves.
    private async Task ConfirmAsync(
        Endpoint candidate,
        TaskCompletionSource<Endpoint> endpoint,
        CancellationTokenSource running
    )
    {
        var started = _time.GetTimestamp();
        while (!running.IsCancellationRequested && _time.GetElapsedTime(started) < ReadyTimeout)
        {
            try
            {
                using var request = Request(candidate, "rc/noop", "{}");
                using var response = await _http.SendAsync(request, running.Token);
                if (response.IsSuccessStatusCode)
                {
                    endpoint.TrySetResult(candidate);
                    return;
                }
            }
            catch (HttpRequestException) { }
            catch (OperationCanceledException)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, CancellationToken.None);
        }

        // It never answered: stop this one; the supervisor starts the next.
        await running.CancelAsync();
    }

    private static HttpRequestMessage Request(Endpoint endpoint, string method, string json) =>
        new(HttpMethod.Post, new Uri(endpoint.Address, method))
        {
            Headers = { Authorization = endpoint.Auth },
            // Exactly "application/json": rclone 1.60 reads any other type (even with
            // "; charset=utf-8") as a form and finds no parameters.
            Content = new StringContent(
                json,
                Encoding.UTF8,
                new MediaTypeHeaderValue("application/json")
            ),
        };

    private static TaskCompletionSource<Endpoint> NewEndpoint() =>
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    // "2026/11/22 00:04:49 NOTICE: Serving remote control on http://127.0.0.1:43009/"
    [GeneratedRegex(@"Serving remote control on (?<url>http://127\.0\.0\.1:\d+/)")]
    private static partial Regex ServingPattern();

    private sealed record Endpoint(Uri Address, AuthenticationHeaderValue Auth);
}
