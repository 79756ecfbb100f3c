namespace Harness.Scenarios.Idor;

/// <summary>How a cross-tenant read by id is judged (the manifest's <c>idor.oracle</c>).</summary>
public enum ReadOracle
{
    /// <summary>
    /// Compare the attacker's answer on the victim's id with its answer on an id that exists nowhere and with the owner's:
    /// the victim's data in it is a leak, a different answer without it an existence oracle, the same answer a pass.
    /// </summary>
    Differential,

    /// <summary>Any status outside <see cref="IdorOptions.DeniedStatuses"/> is a leak, whatever the answer carries (lists under a parent are still judged differentially).</summary>
    Status,
}
