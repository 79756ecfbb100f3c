using System.CommandLine;
using System.Globalization;
using Harness.Cli.Terminal;
using Harness.Errors;
using Harness.Runner;
using Harness.Scenarios.Soak;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness soak</c>: the noisy-neighbour soak (the <c>soak</c> family alone) with its duration and common start from the
/// command line. The first Ctrl+C stops the load and the run judges and reports what was measured; a second one cancels.
/// </summary>
internal static class SoakCommand
{
    public const string Name = "soak";

    public static Command Create(TerminationSignals signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var manifest = new Option<string>("--manifest", "-m")
        {
            Description = "The tenancy manifest (harness.yaml) with a 'soak' section.",
            DefaultValueFactory = _ => "harness.yaml",
        };

        var duration = new Option<string?>("--duration")
        {
            Description = "Total length of the soak (e.g. 2m, 30m, 1h); the phases keep their shares (default: the manifest's soak.duration, else 2m).",
        };

        var maxLag = new Option<string?>("--max-lag")
        {
            Description = "The load generator's send-lag p99 bound (default: the manifest's soak.maxLag, else 2ms); above it the soak is INCOMPLETE, not judged.",
        };

        var postgres = new Option<string>("--postgres")
        {
            Description = "Where PostgreSQL comes from: auto (Testcontainers when Docker answers, else local), local, testcontainers, or a connection string.",
            DefaultValueFactory = _ => "auto",
        };

        var tenants = new Option<int?>("--tenants") { Description = "Tenants to seed (default: the manifest's seed.tenants); one floods, the next are neighbours." };

        var seed = new Option<int>("--seed") { Description = "The seed every random choice (Poisson arrivals included) flows from.", DefaultValueFactory = _ => 42 };

        var shard = new Option<string?>("--shard")
        {
            Description = "Run slice i of n (e.g. 2/4) of the neighbours on this CI runner; the noisy tenant runs in shard 1. Give every shard the same --start-at.",
        };

        var startAt = new Option<string?>("--start-at")
        {
            Description = "Common UTC start of the load for all shards (ISO 8601, e.g. 2026-05-01T12:00:00Z); it must still lie ahead once seeding is done.",
        };

        var keep = new Option<bool>("--keep") { Description = "Keep the worker schemas on an existing server after the run, for inspection." };
        var reports = CommonOptions.Reports();
        var failOn = CommonOptions.FailOn();
        var plain = CommonOptions.Plain();
        var command = new Command(Name, "Soak the app with steady neighbours and one flooding tenant (baseline, flood, recovery) and judge the neighbours. Ctrl+C once stops and reports, twice cancels.")
        {
            manifest, duration, maxLag, postgres, tenants, seed, shard, startAt, keep, reports, failOn, plain,
        };
        command.SetAction((result, cancellationToken) => Failures.GuardAsync(result.GetValue(CommonOptions.Diagnostics), async () =>
        {
            var options = OptionsFrom(result, DateTimeOffset.UtcNow) with
            {
                ReportsRoot = result.GetValue(reports)!,
                FailOn = result.GetValue(failOn),
                Stop = signals.StopOnFirstInterrupt(),
            };
            return await RunCommand.ExecuteAsync(options, result.GetValue(plain), cancellationToken);
        }, cancellationToken));
        return command;
    }

    /// <summary>The run <c>harness soak</c>'s arguments ask for, at <paramref name="now"/> (a start time must lie ahead of it).</summary>
    internal static RunOptions OptionsFrom(ParseResult result, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(result);
        var duration = result.GetValue<string?>("--duration") is { } text ? ParseDuration(text) : (TimeSpan?)null;
        var startAt = result.GetValue<string?>("--start-at") is { } start ? ParseStartAt(start, now) : (DateTimeOffset?)null;
        var lag = result.GetValue<string?>("--max-lag") is { } bound ? ParseMaxLag(bound) : (TimeSpan?)null;
        return new RunOptions
        {
            ManifestPath = result.GetValue<string>("--manifest")!,
            Postgres = result.GetValue<string>("--postgres")!,
            Tenants = result.GetValue<int?>("--tenants"),
            Seed = result.GetValue<int>("--seed"),
            Scenarios = [SoakScenario.ScenarioId],
            Keep = result.GetValue<bool>("--keep"),
            Shard = result.GetValue<string?>("--shard") is { } slice ? RunCommand.ParseShard(slice) : Harness.Running.Shard.All,
            OptionOverrides = new Dictionary<string, Func<object?, object?>>
            {
                [SoakScenario.ScenarioId] = read => Override(read as SoakOptions ?? new SoakOptions(), duration, startAt, lag),
            },
        };
    }

    private static SoakOptions Override(SoakOptions options, TimeSpan? duration, DateTimeOffset? startAt, TimeSpan? maxLag)
    {
        var changed = duration is { } total ? options.WithDuration(total) : options;
        changed = maxLag is null ? changed : changed with { MaxSendLag = maxLag };
        return startAt is null ? changed : changed with { StartAt = startAt };
    }

    private static TimeSpan ParseMaxLag(string text) =>
        SoakDuration.Parse(text) is { } lag && lag <= TimeSpan.FromSeconds(1)
            ? lag
            : throw new UsageException($"--max-lag '{text}' is not a duration from 0 to 1s, such as 2ms or 10ms") { Option = "--max-lag" };

    private static TimeSpan ParseDuration(string text) =>
        SoakDuration.Parse(text) is { } duration && duration >= TimeSpan.FromSeconds(4)
            ? duration
            : throw new UsageException($"--duration '{text}' is not a duration of 4s or more, such as 90s, 2m, 30m or 1h") { Option = "--duration" };

    private static DateTimeOffset ParseStartAt(string text, DateTimeOffset now)
    {
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var start))
        {
            throw new UsageException($"--start-at '{text}' is not a UTC time; write it as ISO 8601, e.g. 2026-05-01T12:00:00Z") { Option = "--start-at" };
        }

        return start > now
            ? start
            : throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"--start-at {start.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} has already passed (it is {now.UtcDateTime:HH:mm:ss}Z); give every shard a common time far enough ahead to seed and start the app first"))
            {
                Option = "--start-at",
            };
    }
}
