using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Sluice.Domain.Items;
using Sluice.Node.Api;
using Sluice.Node.Configuration;
using Sluice.Node.Engine;
using Sluice.Node.Vault;
using Sluice.Store;

namespace Sluice.Node.Metrics;

/// <summary>
/// <c>GET /metrics</c> in the Prometheus text format (0.0.4): the cluster's state from the
/// store (items per state, queue depths, nodes, destinations) and this node's own counters
/// (<see cref="NodeMetrics"/>), labelled with the node's name.
/// </summary>
public static class MetricsApi
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder app) =>
        app.MapGet("/metrics", RenderAsync);

    private static async Task<IResult> RenderAsync(
        EngineStore store,
        NodeMetrics metrics,
        NodeState node,
        VaultDestinations destinations,
        IOptions<EngineOptions> engine,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var text = new PrometheusText();
        var counts = await store.CountByStateAsync(ct);
        text.Family("sluice_items", "gauge", "Items in each state, cluster-wide.");
        foreach (var state in Enum.GetValues<ItemState>())
        {
            text.Sample(
                "sluice_items",
                [("state", Names.Of(state))],
                counts.TryGetValue(state, out var n) ? n : 0
            );
        }

        var queues = await store.ListQueuesAsync(ClusterApi.Stages, ct);
        text.Family(
            "sluice_queue_jobs",
            "gauge",
            "Jobs per stage queue: waiting, running, retrying."
        );
        foreach (var queue in queues)
        {
            text.Sample(
                "sluice_queue_jobs",
                [("queue", queue.Queue), ("state", "waiting")],
                queue.Waiting
            );
            text.Sample(
                "sluice_queue_jobs",
                [("queue", queue.Queue), ("state", "running")],
                queue.Running
            );
            text.Sample(
                "sluice_queue_jobs",
                [("queue", queue.Queue), ("state", "retrying")],
                queue.Retrying
            );
        }

        text.Family("sluice_queue_paused", "gauge", "1 while an operator has paused the stage.");
        foreach (var queue in queues)
        {
            text.Sample("sluice_queue_paused", [("queue", queue.Queue)], queue.Paused ? 1 : 0);
        }

        var nodes = await store.ListNodesAsync(engine.Value.LeaseDuration, ct);
        text.Family("sluice_node_up", "gauge", "1 while the node's heartbeat is fresh.");
        foreach (var n in nodes)
        {
            text.Sample("sluice_node_up", [("node", n.Name)], n.Alive ? 1 : 0);
        }

        var states = await store.DestinationStatesAsync(ct);
        var now = time.GetUtcNow();
        text.Family(
            "sluice_destination_paused",
            "gauge",
            "1 while a vault destination is paused (a quota error or an operator)."
        );
        foreach (var destination in destinations.All)
        {
            var paused = states.Any(s => s.Destination == destination.Name && s.PausedUntil > now);
            text.Sample(
                "sluice_destination_paused",
                [("destination", destination.Name)],
                paused ? 1 : 0
            );
        }

        var here = ("node", node.Name);
        text.Family("sluice_step_runs_total", "counter", "Step runs on this node by outcome.");
        foreach (
            var (step, outcome, count) in metrics.Runs.OrderBy(r => r.Step).ThenBy(r => r.Outcome)
        )
        {
            text.Sample(
                "sluice_step_runs_total",
                [here, ("step", Names.Of(step)), ("outcome", Outcome(outcome))],
                count
            );
        }

        foreach (
            var (name, counted, help) in new[]
            {
                (
                    "sluice_step_retries_total",
                    StepOutcome.Retry,
                    "Failed attempts that will be retried, on this node."
                ),
                (
                    "sluice_step_failures_total",
                    StepOutcome.Failed,
                    "Steps that failed for good (permanent error or last attempt), on this node."
                ),
            }
        )
        {
            // Every step, at zero until it happens: an alert on increase() needs the series to exist.
            text.Family(name, "counter", help);
            var runs = metrics.Runs;
            foreach (var step in Names.Steps)
            {
                var count = runs.Where(r => r.Step == step && r.Outcome == counted)
                    .Sum(r => r.Count);
                text.Sample(name, [here, ("step", Names.Of(step))], count);
            }
        }

        text.Family(
            "sluice_step_duration_seconds",
            "histogram",
            "How long each step's work took on this node."
        );
        foreach (var (step, durations) in metrics.Durations.OrderBy(d => d.Step))
        {
            var labels = new[] { here, ("step", Names.Of(step)) };
            for (var i = 0; i < NodeMetrics.DurationBuckets.Count; i++)
            {
                text.Sample(
                    "sluice_step_duration_seconds_bucket",
                    [.. labels, ("le", Number(NodeMetrics.DurationBuckets[i]))],
                    durations.Cumulative[i]
                );
            }

            text.Sample(
                "sluice_step_duration_seconds_bucket",
                [.. labels, ("le", "+Inf")],
                durations.Count
            );
            text.Sample("sluice_step_duration_seconds_sum", labels, durations.Sum);
            text.Sample("sluice_step_duration_seconds_count", labels, durations.Count);
        }

        text.Family(
            "sluice_vaulted_bytes_total",
            "counter",
            "Bytes uploaded and verified by this node, per destination."
        );
        foreach (var (destination, bytes) in metrics.VaultedBytes.OrderBy(v => v.Destination))
        {
            text.Sample("sluice_vaulted_bytes_total", [here, ("destination", destination)], bytes);
        }

        text.Family(
            "sluice_evictions_total",
            "counter",
            "Local files evicted by tiering on this node."
        );
        text.Sample("sluice_evictions_total", [here], metrics.Evictions);
        text.Family(
            "sluice_evicted_bytes_total",
            "counter",
            "Bytes freed by tiering on this node."
        );
        text.Sample("sluice_evicted_bytes_total", [here], metrics.EvictedBytes);
        text.Family(
            "sluice_lease_rescues_total",
            "counter",
            "Jobs whose lease ran out, handed back by this node."
        );
        text.Sample("sluice_lease_rescues_total", [here], metrics.LeaseRescues);
        return Results.Text(text.ToString(), ContentType, Encoding.UTF8);
    }

    private static string Outcome(StepOutcome outcome) =>
        outcome switch
        {
            StepOutcome.LeaseLost => "lease_lost",
            _ => outcome.ToString().ToLowerInvariant(),
        };

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The exposition format: a HELP and TYPE line per family, then its samples; label values escaped.</summary>
    private sealed class PrometheusText
    {
        private readonly StringBuilder _text = new();

        public void Family(string name, string type, string help) =>
            _text
                .Append("# HELP ")
                .Append(name)
                .Append(' ')
                .Append(help)
                .Append('\n')
                .Append("# TYPE ")
                .Append(name)
                .Append(' ')
                .Append(type)
                .Append('\n');

        public void Sample(string name, (string Name, string Value)[] labels, double value)
        {
            _text.Append(name);
            if (labels.Length > 0)
            {
                _text.Append('{');
                for (var i = 0; i < labels.Length; i++)
                {
                    _text
                        .Append(i > 0 ? "," : "")
                        .Append(labels[i].Name)
                        .Append("=\"")
                        .Append(Escape(labels[i].Value))
                        .Append('"');
                }

                _text.Append('}');
            }

            _text.Append(' ').Append(Number(value)).Append('\n');
        }

        public override string ToString() => _text.ToString();

        private static string Escape(string value) =>
            value
                .Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("\"", "\\\"", StringComparison.Ordinal)
                .Replace("\n", "\\n", StringComparison.Ordinal);
    }
}
