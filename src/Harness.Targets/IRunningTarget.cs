namespace Harness.Targets;

/// <summary>A started target. Every probe goes through <see cref="Client"/>, which reuses connections. Disposing stops the target.</summary>
public interface IRunningTarget : IAsyncDisposable
{
    /// <summary>Where the target answers, e.g. <c>http://127.0.0.1:41234/</c>; reproductions name it.</summary>
    Uri BaseAddress { get; }

    /// <summary>One client for the whole run, with <see cref="HttpClient.BaseAddress"/> set; owned by the target.</summary>
    HttpClient Client { get; }

    /// <summary>One line for progress, e.g. "pid 1234 at http://127.0.0.1:41234/".</summary>
    string Description { get; }

    /// <summary>The last lines the target printed (empty in-process), for messages when something goes wrong.</summary>
    string RecentOutput { get; }

    /// <summary>The app's process id when the harness started it (to sample its memory), or null (in-process, or an app at a URL).</summary>
    int? ProcessId => null;

    /// <summary>
    /// True when the app answers over the network at <see cref="BaseAddress"/>, so a load generator may open connections of
    /// its own; false when requests reach it only through <see cref="Client"/> (in-process).
    /// </summary>
    bool OverNetwork => true;
}
