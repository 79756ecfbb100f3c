using System.Globalization;
using Harness.Probing;
using Harness.Targets;

namespace Harness.Scenarios.Idor;

/// <summary>What a cross-tenant read proved.</summary>
internal enum ReadVerdictKind
{
    /// <summary>The attacker learned nothing: the same answer as for an id that exists nowhere (or, by status, a refusal).</summary>
    Pass,

    /// <summary>The attacker's answer carries the victim's data (or, by status, was not a refusal).</summary>
    Leak,

    /// <summary>The attacker's answer differs from the one for an id that exists nowhere, without the victim's data.</summary>
    ExistenceOracle,

    /// <summary>The owner's own request failed and the attacker's answer carries none of the victim's data: nothing proved.</summary>
    Inconclusive,
}

/// <summary>A verdict and why, in words for a finding's message.</summary>
internal sealed record ReadVerdict(ReadVerdictKind Kind, string Reason);

/// <summary>The answers a read is judged on: the attacker on the victim's id, the attacker on an id that exists nowhere (null when not asked), and the owner on its own id (the control).</summary>
internal sealed record ReadAnswers(TargetResponse Attacker, TargetResponse? Nonexistent, TargetResponse Control);

/// <summary>
/// Judges a cross-tenant read (pure: no database, no HTTP). Evidence first: the victim's data in the attacker's answer is a
/// leak whatever the status and whatever the control did. Then a failed control proves nothing. By the
/// <see cref="ReadOracle.Differential"/> oracle an answer identical to the owner's (and unlike the nonexistent id's) is a
/// leak too, an answer whose status or JSON shape differs from the nonexistent id's is an existence oracle, and the same
/// answer passes (<c>200 []</c> for both passes). By <see cref="ReadOracle.Status"/> a status outside the denied ones is a leak.
/// </summary>
internal static class ReadJudge
{
    public static ReadVerdict Judge(ReadAnswers answers, IReadOnlyList<Leak> leaks, ReadOracle oracle, IReadOnlyList<int> deniedStatuses)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(leaks);
        ArgumentNullException.ThrowIfNull(deniedStatuses);
        var (attacker, nonexistent, control) = answers;
        var denied = deniedStatuses.Contains(attacker.Status);
        if (leaks.Count > 0)
        {
            return new(ReadVerdictKind.Leak, denied
                ? Text($"refused with {attacker.Status} but the answer carries another tenant's data")
                : Text($"answered {attacker.Status} carrying another tenant's data"));
        }

        if (!control.IsSuccess)
        {
            return new(ReadVerdictKind.Inconclusive, Text($"its owner's own request answered {control.Status} and the attacker's {attacker.Status}"));
        }

        if (oracle == ReadOracle.Status)
        {
            return denied
                ? new(ReadVerdictKind.Pass, Text($"refused with {attacker.Status}"))
                : new(ReadVerdictKind.Leak, Text($"answered {attacker.Status} instead of {string.Join("/", deniedStatuses)}"));
        }

        return nonexistent is null ? new(ReadVerdictKind.Pass, "no id that exists nowhere to compare with") : Differential(attacker, nonexistent, control);
    }

    private static ReadVerdict Differential(TargetResponse attacker, TargetResponse nonexistent, TargetResponse control)
    {
        if (attacker.Status != nonexistent.Status)
        {
            return attacker.IsSuccess && SameBody(attacker, control)
                ? new(ReadVerdictKind.Leak, Text($"answered {attacker.Status} with its owner's own answer (an id that exists nowhere: {nonexistent.Status})"))
                : new(ReadVerdictKind.ExistenceOracle, Text($"answered {attacker.Status}, but {nonexistent.Status} for an id that exists nowhere, so the answer tells the id exists"));
        }

        var shape = JsonShape.Of(attacker.Body);
        var otherShape = JsonShape.Of(nonexistent.Body);
        if (shape is null || otherShape is null || string.Equals(shape, otherShape, StringComparison.Ordinal))
        {
            return new(ReadVerdictKind.Pass, Text($"answered {attacker.Status}, as for an id that exists nowhere"));
        }

        return attacker.IsSuccess && SameBody(attacker, control)
            ? new(ReadVerdictKind.Leak, Text($"answered {attacker.Status} with its owner's own answer, unlike for an id that exists nowhere"))
            : new(ReadVerdictKind.ExistenceOracle, Text($"answered {attacker.Status} in another shape than for an id that exists nowhere ({Short(shape)} vs {Short(otherShape)}), so the answer tells the id exists"));
    }

    /// <summary>The owner's very answer (not empty): what the attacker got is what the owner sees.</summary>
    private static bool SameBody(TargetResponse attacker, TargetResponse control) =>
        attacker.Body.Length > 0 && string.Equals(attacker.Body, control.Body, StringComparison.Ordinal);

    private static string Short(string shape) => shape.Length <= 80 ? shape : shape[..80] + "...";

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
