namespace Harness.Chaos.Proxy;

/// <summary>What the relay does with one message.</summary>
internal enum RelayAction
{
    /// <summary>Pass it on unchanged (batched with its neighbours into one send).</summary>
    Forward,

    /// <summary>Send <see cref="RelayVerdict.Replacement"/> instead.</summary>
    Replace,

    /// <summary>Do not pass it on; end the relay (the session's pending stop says how).</summary>
    StopBefore,
}

/// <summary>A message's fate; <see cref="Replacement"/> only for <see cref="RelayAction.Replace"/>.</summary>
internal readonly record struct RelayVerdict(RelayAction Action, byte[]? Replacement = null)
{
    public static readonly RelayVerdict Forward = new(RelayAction.Forward);

    public static readonly RelayVerdict StopBefore = new(RelayAction.StopBefore);

    public static RelayVerdict Replace(byte[] replacement) => new(RelayAction.Replace, replacement);
}

/// <summary>How a relay ends after a fault or a Terminate.</summary>
internal enum StopKind
{
    None,

    /// <summary>The client said Terminate: forward it and end.</summary>
    Terminate,

    /// <summary>Close both sockets.</summary>
    Cut,

    /// <summary>Send the client a FATAL ErrorResponse, then close both sockets.</summary>
    Fatal,

    /// <summary>Reset both sockets (RST).</summary>
    Reset,

    /// <summary>Relay nothing for the fault's duration, then close both sockets.</summary>
    Freeze,

    /// <summary>Close the client socket; the server's reply is drained and dropped.</summary>
    CommitCut,

    /// <summary>The server's reply to the cut COMMIT arrived: close upstream.</summary>
    Drained,
}
