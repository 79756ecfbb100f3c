namespace Harness.Bench.Load;

/// <summary>What <c>Harness.Bench load</c> runs (bench/README.md).</summary>
internal sealed record LoadBenchSettings
{
    public IReadOnlyList<double> Rates { get; init; } = [500, 2000, 5000];

    public int RateSeconds { get; init; } = 10;

    public int Connections { get; init; } = 16;

    public int WrkThreads { get; init; } = 2;

    /// <summary>The top-rate steps as fractions of wrk's rate.</summary>
    public IReadOnlyList<double> StepFractions { get; init; } = [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1];

    public int StepSeconds { get; init; } = 5;

    public double StallRate { get; init; } = 1000;

    public int StallRunSeconds { get; init; } = 10;

    public double StallAfterSeconds { get; init; } = 4;

    public double SoakRate { get; init; } = 2000;

    public double SoakMinutes { get; init; } = 10;

    /// <summary>The engine's spin window (<c>LoadOptions.SpinWindow</c>); null for its default.</summary>
    public TimeSpan? SpinWindow { get; init; }

    public bool Accuracy { get; init; } = true;

    public bool CoordinatedOmission { get; init; } = true;

    public bool Soak { get; init; } = true;
}
