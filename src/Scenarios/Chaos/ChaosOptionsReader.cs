using Harness.Chaos.Proxy;
using Harness.Manifest;
using Harness.Targets.Endpoints;
using Harness.Targets.Manifest;
using YamlDotNet.RepresentationModel;

namespace Harness.Scenarios.Chaos;

/// <summary>Reads the manifest's <c>chaos</c> section into <see cref="ChaosOptions"/>, each error with its position.</summary>
internal static class ChaosOptionsReader
{
    private static readonly string[] JobKeys = ["enqueue", "body", "result", "idField", "statusField", "finished"];

    /// <summary>The fault names the manifest uses, and the fault each one is.</summary>
    public static readonly IReadOnlyDictionary<string, FaultKind> FaultNames = new Dictionary<string, FaultKind>(StringComparer.Ordinal)
    {
        ["cut-after-context"] = FaultKind.CutAfterContext,
        ["cut-after-commit"] = FaultKind.CutAfterCommitSent,
        ["error-reply"] = FaultKind.ErrorReply,
        ["reset"] = FaultKind.Reset,
        ["timeout"] = FaultKind.Timeout,
        ["latency"] = FaultKind.Latency,
        ["bandwidth"] = FaultKind.Bandwidth,
        ["terminate-backend"] = FaultKind.TerminateBackend,
        ["client-cancel"] = FaultKind.ClientCancel,
        ["pool-exhaustion"] = FaultKind.PoolExhaustion,
        ["restart"] = FaultKind.Restart,
    };

    public static ChaosOptions Read(ManifestSection section)
    {
        var chaos = section.Read("tenants", "duration", "faultEvery", "rate", "pgbouncer", "poolSize", "seed", "faults", "restoreWithin", "reads", "writes", "jobs", "flood");
        var defaults = new ChaosOptions();
        if (chaos is null)
        {
            return defaults;
        }

        return new ChaosOptions
        {
            Tenants = chaos.Int("tenants", 2, 1000) ?? defaults.Tenants,
            Duration = chaos.Duration("duration", TimeSpan.FromSeconds(1), TimeSpan.FromHours(24)) ?? defaults.Duration,
            FaultEvery = chaos.Duration("faultEvery", TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)) ?? defaults.FaultEvery,
            Rate = chaos.Number("rate", 0.1, 1000) ?? defaults.Rate,
            PgBouncer = PgBouncer(chaos) ?? defaults.PgBouncer,
            PoolSize = chaos.Int("poolSize", 1, 100) ?? defaults.PoolSize,
            Seed = chaos.Int("seed", int.MinValue, int.MaxValue),
            Faults = Faults(chaos) ?? defaults.Faults,
            RestoreWithin = chaos.Duration("restoreWithin", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10)) ?? defaults.RestoreWithin,
            Reads = Routes(chaos, "reads"),
            Writes = Writes(chaos) ?? defaults.Writes,
            Jobs = Jobs(chaos) ?? defaults.Jobs,
            Flood = chaos.Int("flood", 0, 1000) ?? defaults.Flood,
        };
    }

    private static PgBouncerUse? PgBouncer(YamlMapping chaos) => chaos.Find("pgbouncer") switch
    {
        null => null,
        YamlScalarNode { Value: "auto" } => PgBouncerUse.Auto,
        YamlScalarNode { Value: "on" or "true" } => PgBouncerUse.On,
        YamlScalarNode { Value: "off" or "false" } => PgBouncerUse.Off,
        var other => throw chaos.Error(other, "'chaos.pgbouncer' must be auto (use it when installed), on or off"),
    };

    private static List<FaultKind>? Faults(YamlMapping chaos)
    {
        if (chaos.StringList("faults") is not { } names)
        {
            return null;
        }

        var faults = new List<FaultKind>();
        foreach (var name in names)
        {
            faults.Add(FaultNames.TryGetValue(name, out var fault)
                ? fault
                : throw chaos.Error(chaos.Find("faults")!, $"'chaos.faults' names '{name}', which is not a fault; the faults are {string.Join(", ", FaultNames.Keys)}"));
        }

        return faults.Count > 0 ? [.. faults.Distinct()] : throw chaos.Error(chaos.Find("faults")!, "'chaos.faults' is empty: name at least one fault, or leave the key out for all of them");
    }

    private static List<string>? Routes(YamlMapping chaos, string key)
    {
        if (chaos.StringList(key) is not { } routes)
        {
            return null;
        }

        return [.. routes.Select(route => Route(chaos, chaos.Find(key)!, $"chaos.{key}", route))];
    }

    private static string Route(YamlMapping mapping, YamlNode at, string path, string route) =>
        Endpoint.TrySplitRoute(route, out var method, out var routePath) && !routePath.Any(char.IsWhiteSpace)
            ? $"{method} {routePath}"
            : throw mapping.Error(at, $"'{path}' must be \"METHOD /path\", e.g. GET /items or GET /items/{{itemId}}, not '{route}'");

    private static List<ChaosWrite>? Writes(YamlMapping chaos)
    {
        switch (chaos.Find("writes"))
        {
            case null:
                return null;
            case YamlSequenceNode sequence:
                var writes = new List<ChaosWrite>();
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var path = $"chaos.writes[{i}]";
                    var write = new YamlMapping(sequence.Children[i], chaos.File, path, "request", "body");
                    var request = Route(write, write.Find("request") ?? write.Node, $"{path}.request", write.RequiredString("request", "POST /items"));
                    var body = ManifestValues.Body(write, "body") ?? throw write.Error(write.Node, $"missing '{path}.body', e.g. body: {{ name: \"{{marker}}\" }}");
                    writes.Add(body.Contains(WriteMarkers.Placeholder, StringComparison.Ordinal)
                        ? new ChaosWrite(request, body)
                        : throw write.Error(write.Find("body")!, $"'{path}.body' must carry {WriteMarkers.Placeholder} in a text field, so the harness can find where each write landed"));
                }

                return writes;
            case var other:
                throw chaos.Error(other, "'chaos.writes' must be a list of writes, e.g. - { request: POST /items, body: { name: \"{marker}\" } }");
        }
    }

    private static List<ChaosJob>? Jobs(YamlMapping chaos)
    {
        switch (chaos.Find("jobs"))
        {
            case null:
                return null;
            case YamlSequenceNode sequence:
                var jobs = new List<ChaosJob>();
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var path = $"chaos.jobs[{i}]";
                    var job = new YamlMapping(sequence.Children[i], chaos.File, path, JobKeys);
                    var enqueue = Route(job, job.Find("enqueue") ?? job.Node, $"{path}.enqueue", job.RequiredString("enqueue", "POST /jobs/exports"));
                    var result = Route(job, job.Find("result") ?? job.Node, $"{path}.result", job.RequiredString("result", "GET /jobs/{jobId}"));
                    if (!result.Contains('{', StringComparison.Ordinal))
                    {
                        throw job.Error(job.Find("result")!, $"'{path}.result' must name the job's id as a path parameter, e.g. GET /jobs/{{jobId}}");
                    }

                    var defaults = new ChaosJob(enqueue, result);
                    jobs.Add(defaults with
                    {
                        Body = ManifestValues.Body(job, "body"),
                        IdField = job.String("idField") ?? defaults.IdField,
                        StatusField = job.String("statusField") ?? defaults.StatusField,
                        Finished = job.StringList("finished") ?? defaults.Finished,
                    });
                }

                return jobs;
            case var other:
                throw chaos.Error(other, "'chaos.jobs' must be a list of jobs, e.g. - { enqueue: POST /jobs/exports, result: \"GET /jobs/{jobId}\" }");
        }
    }
}
