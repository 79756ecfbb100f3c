using Harness.Findings;
using Harness.Manifest;

namespace Harness.Running;

/// <summary>
/// A scenario family with options of its own, read from its manifest section (<see cref="SectionKey"/>) and handed to
/// <see cref="RunAsync(ScenarioContext, TOptions, CancellationToken)"/>; a context without options runs with the defaults.
/// </summary>
/// <typeparam name="TOptions">Immutable options whose parameterless constructor gives the documented defaults.</typeparam>
public abstract class ScenarioFamily<TOptions> : IScenario
    where TOptions : class, new()
{
    public abstract string Id { get; }

    public abstract IReadOnlyList<Rule> Rules { get; }

    public abstract ScenarioNeeds Needs { get; }

    /// <summary>The top-level manifest key of the options; the family's id unless overridden.</summary>
    public virtual string SectionKey => Id;

    /// <inheritdoc cref="IScenario.ReadOptions"/>
    public abstract TOptions ReadOptions(ManifestSection section);

    object? IScenario.ReadOptions(ManifestSection section) => ReadOptions(section);

    public Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options switch
        {
            null => new TOptions(),
            TOptions typed => typed,
            var other => throw new ArgumentException(
                $"scenario '{Id}' takes {typeof(TOptions).Name} options, not {other.GetType().Name}", nameof(context)),
        };
        return RunAsync(context, options, cancellationToken);
    }

    protected abstract Task<ScenarioResult> RunAsync(ScenarioContext context, TOptions options, CancellationToken cancellationToken);
}
