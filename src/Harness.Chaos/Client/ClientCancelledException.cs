using System.Globalization;

namespace Harness.Chaos.Client;

/// <summary>
/// A request the <see cref="CancellingHandler"/> chose and cancelled while it was in flight: the client went away, as a
/// user closing a tab or a mobile client losing its network does. A marker the chaos family counts (it catches it around
/// every request), never an error of the run; a <see cref="Harness.Errors.HarnessException"/> like every exception the
/// harness declares, and no <see cref="OperationCanceledException"/> a caller would take for its own cancellation.
/// </summary>
public sealed class ClientCancelledException : Harness.Errors.HarnessException
{
    public ClientCancelledException(string? method, Uri? requestUri, long request, TimeSpan delay, Exception? innerException)
        : base(string.Create(CultureInfo.InvariantCulture,
            $"request #{request} ({method} {requestUri}) was cancelled by the client {delay.TotalMilliseconds:0} ms after it was sent (injected by harness chaos)"), innerException)
    {
        Method = method;
        RequestUri = requestUri;
        Request = request;
        Delay = delay;
    }

    public ClientCancelledException() : this("A request was cancelled by the client (injected by harness chaos).") { }

    public ClientCancelledException(string message) : this(message, null) { }

    public ClientCancelledException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>The request's method.</summary>
    public string? Method { get; }

    /// <summary>The request's address.</summary>
    public Uri? RequestUri { get; }

    /// <summary>The request's position (from 1) among those the handler sent.</summary>
    public long Request { get; }

    /// <summary>How long after it was sent it was cancelled.</summary>
    public TimeSpan Delay { get; }
}
