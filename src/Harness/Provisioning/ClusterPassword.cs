using System.Security.Cryptography;

namespace Harness.Provisioning;

/// <summary>
/// The local cluster's access: a random superuser password per cluster, handed to <c>initdb</c> in a file only its owner
/// can read, and a <c>pg_hba.conf</c> that asks every connection (unix socket and loopback TCP) for it with scram-sha-256.
/// </summary>
internal static class ClusterPassword
{
    private const string PasswordFileName = "superuser-password";

    /// <summary>32 random bytes as hex: nothing to escape in a connection string, a URL or a file.</summary>
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>Writes <paramref name="password"/> to a new 0600 file in <paramref name="folder"/> and returns its path.</summary>
    public static async Task<string> WriteFileAsync(string folder, string password, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, PasswordFileName);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(path, options);
        await using var writer = new StreamWriter(stream);
        await writer.WriteLineAsync(password.AsMemory(), cancellationToken);
        return path;
    }

    /// <summary>Replaces the cluster's <c>pg_hba.conf</c>: scram-sha-256 for local and loopback connections, nothing else.</summary>
    public static Task WriteHostBasedAuthenticationAsync(string dataDirectory, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(
            Path.Combine(dataDirectory, "pg_hba.conf"),
            "# Written by the harness: every connection proves the per-cluster password.\n" +
            "local all all scram-sha-256\n" +
            "host all all 127.0.0.1/32 scram-sha-256\n" +
            "host all all ::1/128 scram-sha-256\n",
            cancellationToken);
}
