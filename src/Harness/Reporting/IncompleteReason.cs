namespace Harness.Reporting;

/// <summary>Why a run is <see cref="RunOutcome.Incomplete"/>: a headline that says what did not happen, and the detail.</summary>
/// <param name="ScenarioId">The scenario that could not run to its end, or null when the reason is the whole run's.</param>
/// <param name="Headline">What did not happen, e.g. <c>rls could not run to its end</c>.</param>
/// <param name="Detail">Why, or what it means for the run.</param>
public sealed record IncompleteReason(string? ScenarioId, string Headline, string Detail)
{
    /// <summary>A scenario stopped before its end; <paramref name="error"/> is its reason.</summary>
    public static IncompleteReason CouldNotRunToEnd(string scenarioId, string error) =>
        new(scenarioId, $"{scenarioId} could not run to its end", error);

    /// <summary>No scenario ran a check, so the run tested nothing.</summary>
    public static IncompleteReason NoCheckRan(int scenarios) =>
        new(null, "no check ran", scenarios == 0
            ? "no scenario ran, so the run tested nothing"
            : $"none of the {scenarios} scenario(s) ran a check, so the run tested nothing");

    /// <summary>Every check was of a rule that <c>--rules</c> or <c>--skip-rules</c> left out: the run judged nothing.</summary>
    public static IncompleteReason AllSkipped(int skipped) =>
        new(null, "no check ran", $"the rule filter (--rules, --skip-rules) left out the rules of all {skipped} check(s), so the run tested nothing");

    /// <summary>A scenario ran checks, but none of them could judge its subject: it tested nothing.</summary>
    public static IncompleteReason CoveredNothing(string scenarioId, int checks) =>
        new(scenarioId, $"{scenarioId} covered nothing", $"none of its {checks} check(s) could judge its subject (see 'not covered')");

    /// <summary>Headline and detail on one line, e.g. <c>rls could not run to its end: the app role has BYPASSRLS</c>.</summary>
    public override string ToString() => $"{Headline}: {Detail}";
}
