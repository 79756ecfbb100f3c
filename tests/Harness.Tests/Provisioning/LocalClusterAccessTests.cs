using FluentAssertions;
using Harness.Provisioning;
using Harness.Targets;
using Npgsql;

namespace Harness.Tests.Provisioning;

/// <summary>The local cluster lets in only who holds its per-cluster password: no trust on loopback or on the socket.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LocalClusterAccessTests
{
    [Fact]
    public async Task Connections_without_the_password_are_refused_and_the_handed_out_urls_carry_it()
    {
        var ct = TestContext.Current.CancellationToken;
        using var root = new ScratchRoot();
        await using var cluster = await new LocalClusterProvider(new LocalClusterOptions { TempRoot = root.Path }).StartClusterAsync(ct);
        var admin = new NpgsqlConnectionStringBuilder(cluster.AdminConnectionString) { Pooling = false };

        cluster.Password.Should().MatchRegex("^[0-9a-f]{64}$");
        admin.Password.Should().Be(cluster.Password);
        (await RefusalAsync(new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Password = "wrong" }, ct))
            .Should().Be(PostgresErrorCodes.InvalidPassword, "loopback TCP asks for the password");
        (await RefusalAsync(new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Host = cluster.DataDirectory, Password = "wrong" }, ct))
            .Should().Be(PostgresErrorCodes.InvalidPassword, "so does the unix socket");
        var withoutPassword = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Password = null };
        await FluentActions.Awaiting(() => OpenAsync(withoutPassword.ConnectionString, ct)).Should().ThrowAsync<NpgsqlException>();

        File.GetUnixFileMode(cluster.DataDirectory).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            "the socket's folder is the owner's alone");
        Directory.EnumerateFiles(cluster.ClusterDirectory).Select(Path.GetFileName).Should().NotContain(n => n!.Contains("password", StringComparison.Ordinal),
            "the password file given to initdb is deleted once it is read");

        await OpenAsync(new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Host = cluster.DataDirectory }.ConnectionString, ct);
        var url = new TargetDatabase("public", cluster.AdminConnectionString, cluster.AdminConnectionString).Placeholders()["adminDatabaseUrl"];
        url.Should().StartWith($"postgresql://postgres:{cluster.Password}@127.0.0.1:{cluster.Port}/postgres");
        await OpenAsync(PostgresConnectionString.Normalize(url), ct);
    }

    private static async Task<string?> RefusalAsync(NpgsqlConnectionStringBuilder connection, CancellationToken cancellationToken)
    {
        try
        {
            await OpenAsync(connection.ConnectionString, cancellationToken);
            return null;
        }
        catch (PostgresException e)
        {
            return e.SqlState;
        }
    }

    private static async Task OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        (await command.ExecuteScalarAsync(cancellationToken)).Should().Be(1);
    }
}
