using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Harness.Workers;

/// <summary>
/// Identifies one harness run; it namespaces every object the run creates, so that two runs on one server
/// never touch each other's objects. Eight lower-case base-36 characters, random (not from --seed).
/// </summary>
public readonly partial record struct RunId
{
    private RunId(string value) => Value = value;

    public string Value { get; }

    public static RunId New()
    {
        const string alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
        return new RunId(RandomNumberGenerator.GetString(alphabet, 8));
    }

    public static RunId Parse(string value) =>
        Pattern().IsMatch(value) ? new RunId(value) : throw new FormatException($"'{value}' is not a run id (8 characters a-z, 0-9)");

    public override string ToString() => Value;

    [GeneratedRegex("^[0-9a-z]{8}$")]
    private static partial Regex Pattern();
}
