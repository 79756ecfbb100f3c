namespace Harness.Chaos.Client;

/// <summary>Which requests a <see cref="CancellingHandler"/> cancels and when.</summary>
public sealed record ClientCancellationOptions
{
    /// <summary>The share of requests cancelled while in flight, in [0, 1].</summary>
    public double InjectionRate { get; init; } = 0.1;

    /// <summary>A chosen request is cancelled after a random delay in [0, <see cref="MaxDelay"/>] from when it was sent.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Seed of the draws: the same seed chooses the same requests (by the order they are sent) and the same delays.</summary>
    public int Seed { get; init; }

    internal void Validate()
    {
        if (InjectionRate is < 0 or > 1 || double.IsNaN(InjectionRate))
        {
            throw new ArgumentOutOfRangeException(nameof(InjectionRate), InjectionRate, "The injection rate is a share of requests, in [0, 1].");
        }

        if (MaxDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, "The longest delay before a cancellation cannot be negative.");
        }
    }
}
