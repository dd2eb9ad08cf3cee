using Sluice.Testing;
using Sluice.Tools.Processes;

namespace Sluice.Tools.Tests.Processes;

public sealed class ProcessRunnerSpecs : IDisposable
{
    private readonly TempDirectory _temp = new("sluice-runner");
    private readonly ProcessRunner _runner = new(
        TimeProvider.System,
        new ProcessRunnerOptions { OwnerTag = $"test-{Guid.NewGuid():N}", TailLines = 10 }
    );

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Lines_from_stdout_and_stderr_reach_their_callbacks_in_order()
    {
        var stdout = new List<string>();
        var stderr = new List<string>();
        var command = new ProcessCommand("/bin/sh").WithArguments(
            "-c",
            "echo out1; echo err1 >&2; echo out2; echo err2 >&2"
        );

        var result = await _runner.RunAsync(command, stdout.Add, stderr.Add, Ct);

        result.ExitCode.ShouldBe(0);
        stdout.ShouldBe(["out1", "out2"]);
        stderr.ShouldBe(["err1", "err2"]);
        result.StandardOutputTail.ShouldBe(["out1", "out2"]);
    }

    [Fact]
    public async Task A_tool_flooding_both_streams_is_drained_and_only_a_bounded_tail_is_kept()
    {
        // 20 000 lines on each stream is far more than a pipe buffer: reading one stream at a
        // time would deadlock.
        var stdoutLines = 0;
        var command = new ProcessCommand("/bin/sh").WithArguments(
            "-c",
            "i=0; while [ $i -lt 20000 ]; do echo out$i; echo err$i >&2; i=$((i+1)); done"
        );

        var result = await _runner.RunAsync(command, _ => stdoutLines++, null, Ct);

        stdoutLines.ShouldBe(20000);
        result.StandardErrorTail.Count.ShouldBe(10);
        result.StandardErrorTail[^1].ShouldBe("err19999");
    }

    [Fact]
    public async Task A_non_zero_exit_throws_with_the_exit_code_and_the_stderr_tail()
    {
        var command = new ProcessCommand("ls").WithArguments("/no-such-dir-for-sluice");

        var failure = await Should.ThrowAsync<ProcessFailedException>(() =>
            _runner.RunAsync(command, cancellationToken: Ct)
        );

        failure.CommandName.ShouldBe("ls");
        failure.ExitCode.ShouldBe(2);
        failure.StandardErrorTail.ShouldHaveSingleItem().ShouldContain("No such file or directory");
        failure.Message.ShouldContain("ls exited with code 2");
        failure.Message.ShouldContain("No such file or directory");
    }

    [Fact]
    public async Task An_exit_code_the_command_allows_returns_a_result()
    {
        var command = new ProcessCommand("ls")
            .WithArguments("/no-such-dir-for-sluice")
            .WithSuccessExitCodes(0, 2);

        var result = await _runner.RunAsync(command, cancellationToken: Ct);

        result.ExitCode.ShouldBe(2);
    }

    [Fact]
    public async Task Secrets_never_appear_in_the_message_the_tail_or_the_command_text()
    {
        const string secret = "hunter2-token";
        var command = new ProcessCommand("ls")
            .WithArguments($"/no-such-dir/{secret}")
            .WithSecret(secret);

        var failure = await Should.ThrowAsync<ProcessFailedException>(() =>
            _runner.RunAsync(command, cancellationToken: Ct)
        );

        failure.Message.ShouldNotContain(secret);
        failure.Message.ShouldContain("/no-such-dir/***");
        failure.StandardErrorTail.ShouldAllBe(line => !line.Contains(secret));
        command.ToString().ShouldBe("ls /no-such-dir/***");
    }

    [Fact]
    public async Task Arguments_with_spaces_quotes_and_substitutions_arrive_verbatim()
    {
        string[] hostile =
        [
            "two words",
            "it's",
            "\"double\"",
            "$(touch pwned)",
            "`touch pwned2`",
            "; touch pwned3",
            "*",
            "$HOME",
            "",
            "-n",
        ];
        var lines = new List<string>();
        var command = new ProcessCommand("/usr/bin/printf")
            .WithArguments(["%s\n", .. hostile])
            .WithWorkingDirectory(_temp.Path);

        await _runner.RunAsync(command, lines.Add, null, Ct);

        lines.ShouldBe(hostile);
        Directory.EnumerateFileSystemEntries(_temp.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_child_carries_the_owner_tag_and_the_command_environment()
    {
        var lines = new List<string>();
        var command = new ProcessCommand("/usr/bin/env")
            .WithEnvironmentVariable("SLUICE_TEST_VALUE", "a b=c")
            .WithEnvironmentVariable(ProcessRunner.OwnerVariable, "someone-else");

        await _runner.RunAsync(command, lines.Add, null, Ct);

        lines.ShouldContain($"{ProcessRunner.OwnerVariable}={_runner.OwnerTag}");
        lines.ShouldNotContain($"{ProcessRunner.OwnerVariable}=someone-else");
        lines.ShouldContain("SLUICE_TEST_VALUE=a b=c");
        lines.ShouldContain(l =>
            l.StartsWith($"{ProcessRunner.RunVariable}=", StringComparison.Ordinal)
        );
    }

    [Fact]
    public async Task Standard_input_text_reaches_the_tool_which_then_sees_end_of_input()
    {
        var lines = new List<string>();
        var command = new ProcessCommand("cat").WithStandardInput("first\nsecond\n");

        await _runner.RunAsync(command, lines.Add, null, Ct);

        lines.ShouldBe(["first", "second"]);
    }

    [Fact]
    public async Task A_tool_reading_stdin_without_input_sees_end_of_input_instead_of_hanging()
    {
        var result = await _runner.RunAsync(new ProcessCommand("cat"), cancellationToken: Ct);

        result.ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task A_missing_executable_fails_to_start_with_its_name()
    {
        var command = new ProcessCommand("/no/such/tool-for-sluice");

        var failure = await Should.ThrowAsync<ProcessStartException>(() =>
            _runner.RunAsync(command, cancellationToken: Ct)
        );

        failure.CommandName.ShouldBe("tool-for-sluice");
    }

    [Fact]
    public async Task An_already_cancelled_job_never_starts_its_tool()
    {
        var marker = _temp.Combine("started");
        var command = new ProcessCommand("touch").WithArguments(marker);

        await Should.ThrowAsync<OperationCanceledException>(() =>
            _runner.RunAsync(command, cancellationToken: new CancellationToken(canceled: true))
        );

        File.Exists(marker).ShouldBeFalse();
    }

    [Fact]
    public async Task A_throwing_callback_kills_the_tool_and_surfaces_the_exception()
    {
        var command = new ProcessCommand("/bin/sh").WithArguments("-c", "echo $$; exec sleep 300");
        var pid = 0;

        await Should.ThrowAsync<InvalidOperationException>(() =>
            _runner.RunAsync(
                command,
                line =>
                {
                    pid = LinuxProcesses.ParsePid(line);
                    throw new InvalidOperationException("callback bug");
                },
                null,
                Ct
            )
        );

        (
            await Eventually.TrueWithinAsync(
                () => !LinuxProcesses.IsRunning(pid),
                TimeSpan.FromSeconds(5),
                Ct
            )
        ).ShouldBeTrue();
    }
}
