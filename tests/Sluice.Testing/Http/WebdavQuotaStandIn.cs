using System.Collections.Concurrent;
using System.Security;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sluice.Testing.Http;

/// <summary>How <see cref="WebdavQuotaStandIn"/> refuses an upload.</summary>
public enum WebdavRefusal
{
    /// <summary>507 Insufficient Storage with a Sabre error body, as Nextcloud and ownCloud answer over quota.</summary>
    InsufficientStorage,

    /// <summary>403 Forbidden saying a daily limit was reached, as a provider with an upload cap might.</summary>
    DailyLimit,
}

/// <summary>
/// A cloud WebDAV remote whose account is full: just enough WebDAV for rclone's webdav backend
/// (vendor "other") to reach an upload (PROPFIND on folders answers 207 multistatus, MKCOL 201)
/// and then every PUT is refused with <see cref="Refusal"/>. rclone cannot produce a quota error
/// on demand against a real server, so tests use this; it writes an rclone.conf whose
/// <c>[vault]</c> remote points at it.
/// </summary>
/// <remarks>Nothing is ever stored: folders exist once made, files never do.</remarks>
public sealed class WebdavQuotaStandIn : IAsyncDisposable
{
    public const string RemoteName = "vault";

    private readonly WebApplication _app;
    private readonly TempDirectory _home = new("sluice-webdav-quota");
    private readonly ConcurrentDictionary<string, bool> _folders = new(StringComparer.Ordinal)
    {
        ["/"] = true,
    };
    private readonly ConcurrentQueue<string> _requests = new();

    private WebdavQuotaStandIn(WebApplication app, WebdavRefusal refusal)
    {
        _app = app;
        Refusal = refusal;
    }

    public WebdavRefusal Refusal { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public string ConfigPath => _home.Combine("rclone.conf");

    /// <summary>Every request, in order, as "METHOD /decoded/path".</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>The paths PUT was asked to write (and refused).</summary>
    public IReadOnlyList<string> Puts =>
        [
            .. Requests
                .Where(r => r.StartsWith("PUT ", StringComparison.Ordinal))
                .Select(r => r[4..]),
        ];

    public static async Task<WebdavQuotaStandIn> StartAsync(
        WebdavRefusal refusal = WebdavRefusal.InsufficientStorage
    )
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var standIn = new WebdavQuotaStandIn(app, refusal);
        app.Run(standIn.AnswerAsync);
        await app.StartAsync();
        var address = app
            .Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        standIn.BaseAddress = new Uri(address);
        await File.WriteAllLinesAsync(
            standIn.ConfigPath,
            [$"[{RemoteName}]", "type = webdav", $"url = {standIn.BaseAddress}", "vendor = other"]
        );
        return standIn;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value is { Length: > 0 } p ? p : "/";
        _requests.Enqueue($"{request.Method} {path}");
        // Read every upload to its end before refusing it: a server that hangs up mid-body
        // shows the client a broken pipe instead of the answer.
        await request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        var folder = path.TrimEnd('/') + "/";
        switch (request.Method)
        {
            case "PROPFIND" when _folders.ContainsKey(folder):
                IEnumerable<string> children =
                    request.Headers["Depth"] == "0"
                        ? []
                        : _folders.Keys.Where(f => f != "/" && Parent(f) == folder).Order();
                await WriteAsync(
                    context,
                    207,
                    "application/xml; charset=utf-8",
                    Multistatus([folder, .. children])
                );
                break;
            case "MKCOL" when _folders.ContainsKey(folder):
                context.Response.StatusCode = 405;
                break;
            case "MKCOL" when !_folders.ContainsKey(Parent(folder)):
                context.Response.StatusCode = 409;
                break;
            case "MKCOL":
                _folders.TryAdd(folder, true);
                context.Response.StatusCode = 201;
                break;
            case "PUT" when Refusal == WebdavRefusal.InsufficientStorage:
                await WriteAsync(
                    context,
                    507,
                    "application/xml; charset=utf-8",
                    SabreError(
                        @"Sabre\DAV\Exception\InsufficientStorage",
                        $"Insufficient space in {Parent(path)}, {request.ContentLength ?? 0} required, 0 available"
                    )
                );
                break;
            case "PUT":
                await WriteAsync(
                    context,
                    403,
                    "text/plain",
                    "Daily upload traffic limit reached for this account"
                );
                break;
            case "PROPFIND" or "GET" or "HEAD" or "DELETE" or "MOVE" or "COPY":
                context.Response.StatusCode = 404;
                break;
            default:
                context.Response.StatusCode = 405;
                break;
        }
    }

    private static string Parent(string path)
    {
        var trimmed = path.TrimEnd('/');
        return trimmed.Length == 0 ? "/" : trimmed[..(trimmed.LastIndexOf('/') + 1)];
    }

    private static string Multistatus(IEnumerable<string> folders)
    {
        var xml = new StringBuilder(
            """<?xml version="1.0" encoding="utf-8"?><d:multistatus xmlns:d="DAV:">"""
        );
        foreach (var folder in folders)
        {
            var href = string.Join('/', folder.Split('/').Select(Uri.EscapeDataString));
            xml.Append(
                $"""<d:response><d:href>{href}</d:href><d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype><d:getlastmodified>Mon, 02 Mar 2026 00:00:00 GMT</d:getlastmodified></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"""
            );
        }

        return xml.Append("</d:multistatus>").ToString();
    }

    private static string SabreError(string exception, string message) =>
        $"""<?xml version="1.0" encoding="utf-8"?><d:error xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns"><s:exception>{SecurityElement.Escape(exception)}</s:exception><s:message>{SecurityElement.Escape(message)}</s:message></d:error>""";

    private static async Task WriteAsync(
        HttpContext context,
        int status,
        string contentType,
        string body
    )
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _home.Dispose();
    }
}
