using Harness.Findings;
using Harness.Targets.Endpoints;

namespace Harness.Scenarios.Idor;

/// <summary>What one probe did: the requests it sent, the findings, and why it proved nothing when it could not.</summary>
internal sealed record ProbeOutcome(int Requests, IReadOnlyList<Finding> Findings, string? Inconclusive = null)
{
    /// <summary>For a probe of several kinds (<see cref="IdorProbe.Kinds"/>): each kind's share of the requests and findings.</summary>
    public IReadOnlyDictionary<ProbeKind, ProbeOutcome>? ByKind { get; init; }

    /// <summary>The probe was skipped because the admin's set-up for it failed (<see cref="Inconclusive"/> says how).</summary>
    public bool SetupFailed { get; init; }

    public static ProbeOutcome Pass(int requests) => new(requests, []);
}

/// <summary>
/// One IDOR probe: a kind, an endpoint, an attacking tenant and (mostly) a victim. <see cref="Id"/> is stable across runs
/// and machines, so <c>--shard</c> splits probes the same way everywhere. Probes with the same <see cref="SerialKey"/> run
/// one after another (a row's write probes; a list's sweeps, so a cache keyed without the tenant is filled before the next tenant asks).
/// </summary>
internal abstract class IdorProbe(ProbeKind kind, Endpoint endpoint, int attacker, int? victim, string detail)
{
    public ProbeKind Kind { get; } = kind;

    public Endpoint Endpoint { get; } = endpoint;

    public int Attacker { get; } = attacker;

    public int? Victim { get; } = victim;

    public string Id => $"{ProbeKinds.Name(Kind)}|{Endpoint.Route}|a{Attacker}|v{Victim}|{detail}";

    public string Subject => ProbeKinds.Subject(Endpoint.Route, Kind);

    /// <summary>The kinds (checks) this probe answers for: its own, or several when one request stands for them (<see cref="ProbeOutcome.ByKind"/>).</summary>
    public virtual IReadOnlyList<ProbeKind> Kinds => [Kind];

    public virtual string SerialKey => Id;

    public abstract Task<ProbeOutcome> RunAsync(IdorRuntime runtime, CancellationToken cancellationToken);
}
