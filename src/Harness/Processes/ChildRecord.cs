using System.Globalization;

namespace Harness.Processes;

/// <summary>
/// What the harness writes down about a child it starts in its own process group, so that a later harness can stop it
/// if this one is killed: its pid, when it started (a pid is reused; a start time tells the process apart), its process
/// group (0 when it shares the harness's) and its private temp folder.
/// </summary>
internal sealed record ChildRecord(int Pid, DateTime StartedUtc, int Group, string? TempFolder)
{
    public const string Extension = ".child";

    public string Content() => string.Create(CultureInfo.InvariantCulture,
        $"pid={Pid}\nstarted={StartedUtc:O}\ngroup={Group}\ntmp={TempFolder}\n");

    /// <summary>
    /// True when signalling the record's group (or, without one, its pid) reaches only what the harness started: its leader
    /// is still the recorded process, or the leader is gone (a group id is not given out again while any member lives).
    /// </summary>
    public bool StillOurs()
    {
        var started = ProcessIdentity.StartTimeUtc(Pid);
        return started is null
            ? Group == Pid
            : ProcessIdentity.IsStartOf(started.Value, StartedUtc);
    }

    /// <summary>SIGKILL to the recorded group (or process), when <see cref="StillOurs"/>.</summary>
    public void KillIfOurs()
    {
        if (!StillOurs())
        {
            return;
        }

        if (Group == Pid)
        {
            Signals.ToGroup(Group, Signals.Kill);
        }

        Signals.ToProcess(Pid, Signals.Kill);
    }

    public static ChildRecord? TryParse(string text)
    {
        int? pid = null, group = null;
        DateTime? started = null;
        string? temp = null;
        foreach (var line in text.Split('\n'))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                continue;
            }

            var (key, value) = (line[..equals], line[(equals + 1)..]);
            switch (key)
            {
                case "pid" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p):
                    pid = p;
                    break;
                case "group" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var g):
                    group = g;
                    break;
                case "started" when DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var s):
                    started = s.ToUniversalTime();
                    break;
                case "tmp" when value.Length > 0:
                    temp = value;
                    break;
            }
        }

        return pid is { } id && started is { } at && group is { } g2 ? new ChildRecord(id, at, g2, temp) : null;
    }
}
