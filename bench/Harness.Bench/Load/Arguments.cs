using System.Globalization;

namespace Harness.Bench.Load;

/// <summary>The benchmark's <c>--name value</c> arguments.</summary>
internal static class Arguments
{
    public static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    public static int Int(string[] args, string name, int fallback) =>
        Value(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public static double Double(string[] args, string name, double fallback) =>
        Value(args, name) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
