using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Harness.Catalog;
using Harness.Findings;
using Harness.Ledger;
using Harness.Manifest;
using Harness.Model;
using Harness.Probing;
using Harness.Targets;
using Harness.Targets.Credentials;
using Harness.Targets.Endpoints;

namespace Harness.Scenarios.Idor;

/// <summary>What every probe shares: the target client, the admin's rows, the leak scanner, the tenants' users, and the owners' control requests.</summary>
internal sealed class IdorRuntime(
    TargetClient client,
    LeakScanner scanner,
    AdminRows rows,
    IReadOnlyList<TenantPrincipal> principals,
    SeedLedger ledger,
    TenancyModel model,
    CatalogSnapshot catalog,
    IdorOptions options,
    FreshValues fresh)
{
    private readonly ConcurrentDictionary<string, Control> controls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Control> shared = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(TableName, int), Lazy<Task<JsonObject?>>> templates = new();
    private readonly ConcurrentDictionary<(string Route, int Attacker), IReadOnlySet<int>> sweeps = new();
    private int sequence;

    public TargetClient Client => client;

    public LeakScanner Scanner => scanner;

    public AdminRows Rows => rows;

    public SeedLedger Ledger => ledger;

    public TenancyModel Model => model;

    public CatalogSnapshot Catalog => catalog;

    public IdorOptions Options => options;

    public FreshValues Fresh => fresh;

    public TenantPrincipal Principal(int tenant) => principals[tenant];

    public int NextSequence() => Interlocked.Increment(ref sequence);

    public bool Denied(int status) => options.DeniedStatuses.Contains(status);

    /// <summary>The owner's own request for the same URL, sent once and shared by every attacker that probes it (and sent first, so a cache keyed without the tenant is filled by the owner).</summary>
    public Task<(TargetResponse Response, bool Sent)> ControlAsync(int owner, TargetRequest request, CancellationToken cancellationToken) =>
        SendOnceAsync(controls, owner, request, cancellationToken);

    private async Task<(TargetResponse Response, bool Sent)> SendOnceAsync(
        ConcurrentDictionary<string, Control> cache, int owner, TargetRequest request, CancellationToken cancellationToken)
    {
        var sent = false;
        var entry = cache.GetOrAdd($"{owner}|{request.Method} {request.PathAndQuery}", _ => new Control(owner, request, new Lazy<Task<TargetResponse>>(() =>
        {
            sent = true;
            return client.SendAsAsync(principals[owner], request, cancellationToken);
        })));
        return (await entry.Answer.Value, sent);
    }

    /// <summary>A request sent once as <paramref name="tenant"/>'s user and shared by every probe that asks for it (e.g. an id that exists nowhere, per route and attacker); not a control.</summary>
    public Task<(TargetResponse Response, bool Sent)> OnceAsync(int tenant, TargetRequest request, CancellationToken cancellationToken) =>
        SendOnceAsync(shared, tenant, request, cancellationToken);

    /// <summary>The owners' control requests sent so far and their answers (those that got one).</summary>
    public IReadOnlyList<(int Owner, TargetRequest Request, TargetResponse Response)> Controls() =>
        [.. controls.Values.Where(c => c.Answer.IsValueCreated && c.Answer.Value.IsCompletedSuccessfully)
            .Select(c => (c.Owner, c.Request, c.Answer.Value.Result))];

    /// <summary>Records whose data an attacker's plain sweep of an endpoint showed, for judging its tampered requests.</summary>
    public void RecordSweep(string route, int attacker, IReadOnlySet<int> victims) => sweeps[(route, attacker)] = victims;

    /// <summary>Whose data the attacker's plain sweep showed, or null when it did not run (in this shard).</summary>
    public IReadOnlySet<int>? SweepOf(string route, int attacker) => sweeps.GetValueOrDefault((route, attacker));

    /// <summary>The tenant's first row of <paramref name="table"/> (as the admin read it once), or null.</summary>
    public Task<JsonObject?> TemplateAsync(TableName table, int tenant, CancellationToken cancellationToken) =>
        templates.GetOrAdd((table, tenant), _ => new Lazy<Task<JsonObject?>>(() =>
            rows.FirstRowOfAsync(table, principals[tenant].TenantId, cancellationToken))).Value;

    /// <summary>The endpoint's query string (with its leading '?') for <paramref name="principal"/>, or "".</summary>
    public static string Query(Endpoint endpoint, TenantPrincipal principal)
    {
        if (endpoint.Query is not { Length: > 0 } template)
        {
            return "";
        }

        var values = principal.Placeholders().ToDictionary(p => p.Key, p => Uri.EscapeDataString(p.Value), StringComparer.Ordinal);
        values["canaryPrefix"] = Uri.EscapeDataString(CanaryToken.Prefix);
        return "?" + TargetPlaceholders.Fill(template, values);
    }

    /// <summary>"tenant 2 (3f2c...)" for messages.</summary>
    public string Tenant(int index) => string.Create(CultureInfo.InvariantCulture, $"tenant {index} ({principals[index].TenantId})");

    /// <summary>The manifest the run read, for the <c>harness token</c> line of reproductions.</summary>
    public string ManifestPath { get; init; } = "harness.yaml";

    /// <summary>A curl command as the attacker's user with the token elided, and a comment saying whose token it is.</summary>
    public async Task<string> ReproduceAsync(int attacker, TargetRequest request, CancellationToken cancellationToken, Credential? credential = null, string? credentialNote = null)
    {
        var principal = principals[attacker];
        var carrier = credential ?? await client.CredentialForAsync(principal, cancellationToken);
        var note = credentialNote ?? $"a credential of user {principal.UserId} of {Tenant(attacker)}";
        // A forged credential (expired, another key) is spelled out in the note; a user's own is made by harness token.
        var make = credential is null ? $"\n# {CurlCommand.TokenCommand(ManifestPath, principal)}" : "";
        return $"# TOKEN_A = {note}{make}\n# {CurlCommand.SeededDataNote}\n{CurlCommand.For(client.BaseAddress, request, carrier)}";
    }

    /// <summary>A finding on <paramref name="endpoint"/> naming the attacking and (when there is one) the victim tenant by id.</summary>
    public Finding Finding(ProbeKind kind, Endpoint endpoint, int attacker, int? victim, string message, string evidence, string reproduction) =>
        new(ProbeKinds.RuleFor(kind), IdorScenario.ScenarioId, endpoint.Route, message, evidence, reproduction)
        {
            Tenants = victim is { } v ? new FindingTenants(principals[attacker].TenantId, principals[v].TenantId) : null,
        };

    /// <summary>"status 200 (application/json); leaked: canary ..., id ...; answer: ..." for evidence.</summary>
    public static string Evidence(TargetResponse response, IReadOnlyList<Leak> leaks, string? extra = null)
    {
        var parts = new List<string> { string.Create(CultureInfo.InvariantCulture, $"status {response.Status}{(response.ContentType is null ? "" : $" ({response.ContentType})")}") };
        if (extra is not null)
        {
            parts.Add(extra);
        }

        if (leaks.Count > 0)
        {
            parts.Add("leaked: " + string.Join(", ", leaks));
        }

        var body = response.Body.Replace('\n', ' ').Replace('\r', ' ');
        parts.Add("answer: " + (body.Length <= 400 ? body : body[..400] + "..."));
        return string.Join("; ", parts);
    }

    /// <summary>"; leaked canary cnry-..., id ..." for messages, or "".</summary>
    public static string Leaked(IReadOnlyList<Leak> leaks) =>
        leaks.Count == 0 ? "" : "; leaked " + string.Join(", ", leaks.Take(3)) + (leaks.Count > 3 ? ", ..." : "");

    private sealed record Control(int Owner, TargetRequest Request, Lazy<Task<TargetResponse>> Answer);
}
