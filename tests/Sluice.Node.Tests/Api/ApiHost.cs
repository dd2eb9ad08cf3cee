using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Domain.Items;
using Sluice.Node.Hosting;
using Sluice.Store;
using Sluice.Testing;

namespace Sluice.Node.Tests.Api;

/// <summary>
/// A real node in this process, API on 127.0.0.1 with a free port, on its own SQLite file. Its
/// only role is distribute, whose jobs exist only for replicas, so its workers leave the items
/// alone: a spec puts them where it wants through the store. Each item is held by a node of
/// its own ("worker-1", …), which runs its steps, so claiming one item's step never takes another's.
/// </summary>
public sealed class ApiHost : IAsyncDisposable
{
    private readonly TempDirectory _dir;
    private readonly WebApplication _app;

    private ApiHost(TempDirectory dir, WebApplication app, Uri address, string? token)
    {
        _dir = dir;
        _app = app;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Bearer",
                token
            );
        }
    }

    public Uri Address { get; }

    /// <summary>Sends the configured token, if any.</summary>
    public HttpClient Http { get; }

    public EngineStore Store => _app.Services.GetRequiredService<EngineStore>();

    public IServiceProvider Services => _app.Services;

    public string Data => _dir.Combine("data");

    public static async Task<ApiHost> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        string? token = null,
        string roles = "distribute",
        string? sharedToken = null
    )
    {
        var dir = new TempDirectory("sluice-api");
        var overrides = new Dictionary<string, string?>
        {
            ["Node:Name"] = "api",
            ["Engine:PollInterval"] = "00:00:00.100",
            ["Metadata:AniList:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (token is not null)
        {
            overrides["Api:Token"] = token;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        var app = SluiceNodeHost.Build(
            new NodeLaunch
            {
                DataDirectory = dir.Combine("data"),
                Listen = "127.0.0.1:0",
                Roles = roles.Split(','),
                Overrides = overrides,
                SharedToken = sharedToken,
            }
        );
        SluiceNodeHost.ValidateConfiguration(app.Services);
        await app.StartAsync();
        var address = app
            .Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        return new ApiHost(dir, app, new Uri(address), token ?? sharedToken);
    }

    private readonly Dictionary<ItemId, string> _holders = [];

    /// <summary>The node that holds the item's file and runs its steps.</summary>
    public string HolderOf(ItemId id) => _holders[id];

    /// <summary>A new item, as the watcher of its own node would create it.</summary>
    public async Task<ItemId> DiscoverAsync(string name)
    {
        var holder = $"worker-{_holders.Count + 1}";
        var result = await Store.DiscoverAsync(
            new NewItem(name, $"/in/{name}", 10, $"sha256:{name}"),
            CancellationToken.None,
            holder
        );
        var id = result.ShouldBeOfType<DiscoverResult.Created>().Id;
        _holders[id] = holder;
        return id;
    }

    /// <summary>Claims the item's next step as its holder and leaves it running.</summary>
    public async Task<ClaimedJob> ClaimAsync(ItemId id)
    {
        var item = (await Store.GetItemAsync(id, CancellationToken.None))!.Item;
        var queue = EnginePolicy.QueueOf(Pipeline.NextStep(item)!.Value);
        var jobs = await Store.ClaimAsync(
            new ClaimRequest(_holders[id], queue, 1, TimeSpan.FromMinutes(5)),
            CancellationToken.None
        );
        var job = jobs.ShouldHaveSingleItem();
        job.Lease.ItemId.ShouldBe(id);
        return job;
    }

    /// <summary>Runs the item's next step with <paramref name="outcome"/>.</summary>
    public async Task RunAsync(ItemId id, ItemCommand outcome)
    {
        var job = await ClaimAsync(id);
        (await Store.CompleteAsync(job.Lease, outcome, CancellationToken.None)).Result.ShouldBe(
            LeaseWrite.Applied
        );
    }

    public static readonly MediaSummary Media = new("episode", "Show", 1, [1], null);

    /// <summary>Sanitized, vaulted and tiered: the next step is encode.</summary>
    public async Task<ItemId> TieredAsync(string name)
    {
        var id = await DiscoverAsync(name);
        await RunAsync(id, new CompleteSanitize($"Shows/{name}", Media));
        await RunAsync(
            id,
            new CompleteVault(
                Artifact.Source,
                [new VaultCopy(Artifact.Source, "vault", "vault:x", 10, "md5:0")]
            )
        );
        await RunAsync(id, new CompleteTier(1, 0, 0));
        return id;
    }

    /// <summary>Failed for good at its next step, with <paramref name="error"/> as the reason.</summary>
    public async Task FailAsync(ItemId id, string error)
    {
        var job = await ClaimAsync(id);
        await Store.FailAsync(job.Lease, error, permanent: true, CancellationToken.None);
    }

    /// <summary>Stops the node as Ctrl-C would (disposing afterwards is still fine).</summary>
    public Task StopAsync() => _app.StopAsync(TestContext.Current.CancellationToken);

    public async Task<JsonElement> GetJsonAsync(string path) =>
        await Http.GetFromJsonAsync<JsonElement>(path, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
