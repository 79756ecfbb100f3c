using System.Text.RegularExpressions;
using Harness.Manifest;
using YamlDotNet.RepresentationModel;

namespace Harness.Scenarios.Soak;

/// <summary>Reads the manifest's <c>soak</c> section into <see cref="SoakOptions"/>, with positioned errors.</summary>
internal static partial class SoakOptionsReader
{
    /// <summary>The shortest phase: the judge works on one-second intervals.</summary>
    public static readonly TimeSpan ShortestPhase = TimeSpan.FromSeconds(1);

    /// <summary>The longest soak.</summary>
    public static readonly TimeSpan LongestSoak = TimeSpan.FromDays(1);

    public static SoakOptions Read(ManifestSection section)
    {
        var soak = section.Read("endpoint", "neighbours", "rate", "noisy", "duration", "phases", "poisson", "churn", "thresholds", "maxLag");
        var defaults = new SoakOptions();
        if (soak is null)
        {
            return defaults;
        }

        var endpoint = soak.String("endpoint");
        if (endpoint is not null && !EndpointPattern().IsMatch(endpoint))
        {
            throw soak.Error(soak.Find("endpoint")!, $"'soak.endpoint' must be \"METHOD /path\", e.g. GET /sites or GET /sites/{{siteId}}, not '{endpoint}'");
        }

        var duration = Duration(soak, "duration", "soak.duration");
        var phases = Phases(soak);
        if (phases is not null && duration is { } total && total != phases.Total)
        {
            throw soak.Error(soak.Find("duration")!,
                $"'soak.duration' ({SoakDuration.Format(total)}) is not the sum of 'soak.phases' ({SoakDuration.Format(phases.Total)}); give one of them, or make them agree");
        }

        var splitTotal = duration ?? SoakOptions.DefaultDuration;
        if (phases is null && splitTotal / 4 < ShortestPhase)
        {
            throw soak.Error(soak.Find("duration")!, $"'soak.duration' must be at least 4s, so each phase lasts at least {SoakDuration.Format(ShortestPhase)}");
        }

        return new SoakOptions
        {
            Endpoint = endpoint is null ? null : Normalise(endpoint),
            Neighbours = soak.Int("neighbours", 1, 1000) ?? defaults.Neighbours,
            Rate = soak.Number("rate", 0.1, 10_000) ?? defaults.Rate,
            Noisy = soak.Number("noisy", 0.1, 100_000) ?? defaults.Noisy,
            Phases = phases ?? SoakPhases.Split(splitTotal),
            Poisson = soak.Bool("poisson") ?? defaults.Poisson,
            Churn = soak.Int("churn", 0, 1_000_000) ?? defaults.Churn,
            Thresholds = Thresholds(soak) ?? defaults.Thresholds,
            MaxSendLag = MaxLag(soak),
        };
    }

    /// <summary>The generator's send-lag bound: 0 to 1 s.</summary>
    private static TimeSpan? MaxLag(YamlMapping soak)
    {
        var lag = Duration(soak, "maxLag", "soak.maxLag");
        return lag is null || lag <= TimeSpan.FromSeconds(1)
            ? lag
            : throw soak.Error(soak.Find("maxLag")!, $"'soak.maxLag' must be at most 1s (the generator's send-lag p99 bound; the default is 2ms), not {SoakDuration.Format(lag.Value)}");
    }

    private static SoakPhases? Phases(YamlMapping soak)
    {
        if (soak.Section("phases", "baseline", "flood", "recovery") is not { } phases)
        {
            return null;
        }

        var result = new SoakPhases(
            Duration(phases, "baseline", "soak.phases.baseline") ?? throw Missing(phases, "baseline"),
            Duration(phases, "flood", "soak.phases.flood") ?? throw Missing(phases, "flood"),
            Duration(phases, "recovery", "soak.phases.recovery") ?? throw Missing(phases, "recovery"));
        foreach (var (name, value) in new[] { ("baseline", result.Baseline), ("flood", result.Flood), ("recovery", result.Recovery) })
        {
            if (value < ShortestPhase)
            {
                throw phases.Error(phases.Find(name)!, $"'soak.phases.{name}' must be at least {SoakDuration.Format(ShortestPhase)}: the judge works on one-second intervals");
            }
        }

        return result.Total <= LongestSoak
            ? result
            : throw soak.Error(soak.Find("phases")!, $"'soak.phases' add up to {SoakDuration.Format(result.Total)}; a soak lasts at most {SoakDuration.Format(LongestSoak)}");
    }

    private static SoakThresholds? Thresholds(YamlMapping soak)
    {
        if (soak.Section("thresholds", "p99Factor", "p99SlackMs", "successDropPoints", "fairness", "recovery", "abortOnFail") is not { } thresholds)
        {
            return null;
        }

        var defaults = new SoakThresholds();
        return new SoakThresholds
        {
            P99Factor = thresholds.Number("p99Factor", 1, 1000) ?? defaults.P99Factor,
            P99SlackMs = thresholds.Number("p99SlackMs", 0, 3_600_000) ?? defaults.P99SlackMs,
            SuccessDropPoints = thresholds.Number("successDropPoints", 0, 100) ?? defaults.SuccessDropPoints,
            Fairness = thresholds.Number("fairness", 0, 1) ?? defaults.Fairness,
            Recovery = Duration(thresholds, "recovery", "soak.thresholds.recovery") ?? defaults.Recovery,
            AbortOnFail = thresholds.Bool("abortOnFail") ?? defaults.AbortOnFail,
        };
    }

    private static TimeSpan? Duration(YamlMapping mapping, string key, string path)
    {
        if (mapping.Find(key) is not { } node)
        {
            return null;
        }

        var text = node is YamlScalarNode scalar ? scalar.Value : null;
        return SoakDuration.Parse(text) is { } value && value <= LongestSoak
            ? value
            : throw mapping.Error(node, $"'{path}' must be a duration such as 500ms, 30s, 2m or 1h (at most 1d), not '{text}'");
    }

    private static Harness.Errors.HarnessException Missing(YamlMapping phases, string key) =>
        phases.Error(phases.Node, $"'soak.phases' needs all of baseline, flood and recovery; '{key}' is missing");

    private static string Normalise(string endpoint)
    {
        var parts = endpoint.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return $"{parts[0].ToUpperInvariant()} {parts[1]}";
    }

    [GeneratedRegex(@"^\s*[A-Za-z]+\s+/\S*\s*$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex EndpointPattern();
}
