using FluentAssertions;
using Harness.Chaos.Pooling;
using Harness.Processes;
using Harness.Tests.Infrastructure;
using Harness.Tests.Processes;
using Harness.Tests.Provisioning;
using Npgsql;

namespace Harness.Tests.Chaos.Pooling;

/// <summary>
/// A real PgBouncer in front of the shared server: a login through it works, transaction pooling hands one server
/// connection to several clients so a session-level SET leaks from one client to the next (the bleed the chaos family
/// looks for) while a transaction-local one does not, search_path sent at startup is dropped, and stopping it (or the
/// death of the harness that started it) leaves no process and no folder behind.
/// </summary>
public sealed class PgBouncerProcessTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_login_through_pgbouncer_reaches_the_upstream_database_as_the_role()
    {
        PooledDatabase.SkipWithoutPgBouncer();
        await using var database = await PooledDatabase.CreateAsync(postgres, "pgb_login", Token);

        await using var bouncer = await PgBouncerProcess.StartAsync(database.Options(), Token);
        await using var connection = await PooledDatabase.ConnectAsync(bouncer, database.Role, Token);

        bouncer.Host.Should().Be("127.0.0.1");
        bouncer.Port.Should().NotBe(database.Port);
        bouncer.DatabaseName.Should().Be(database.Name);
        bouncer.Description.Should().StartWith("PgBouncer 1.").And.Contain("transaction pooling, pool size 2").And.Contain($"-> {database.Host}:{database.Port}/{database.Name}");
        (await PooledDatabase.ScalarAsync(connection, "SELECT current_user || '@' || current_database()", Token)).Should().Be($"{database.Role}@{database.Name}");
    }

    [Fact]
    public async Task Transaction_pooling_with_one_server_connection_gives_two_clients_the_same_backend()
    {
        PooledDatabase.SkipWithoutPgBouncer();
        await using var database = await PooledDatabase.CreateAsync(postgres, "pgb_share", Token);
        await using var bouncer = await PgBouncerProcess.StartAsync(database.Options(poolSize: 1), Token);

        await using var first = await PooledDatabase.ConnectAsync(bouncer, database.Role, Token);
        await using var second = await PooledDatabase.ConnectAsync(bouncer, database.Role, Token);
        var firstPid = await PooledDatabase.ScalarAsync(first, "SELECT pg_backend_pid()", Token);
        var secondPid = await PooledDatabase.ScalarAsync(second, "SELECT pg_backend_pid()", Token);

        firstPid.Should().NotBeNull().And.Be(secondPid, "both clients' transactions ran on the pool's single server connection");
    }

    [Fact]
    public async Task A_session_SET_of_one_client_is_seen_by_the_next_client_and_a_transaction_local_one_is_not()
    {
        PooledDatabase.SkipWithoutPgBouncer();
        await using var database = await PooledDatabase.CreateAsync(postgres, "pgb_bleed", Token);
        await using var bouncer = await PgBouncerProcess.StartAsync(database.Options(poolSize: 1), Token);
        await using var first = await PooledDatabase.ConnectAsync(bouncer, database.Role, Token);
        await using var second = await PooledDatabase.ConnectAsync(bouncer, database.Role, Token);

        await PooledDatabase.ScalarAsync(first, "SET app.tenant = 'a'", Token);
        var leaked = await PooledDatabase.ScalarAsync(second, "SELECT current_setting('app.tenant', true)", Token);

        await using (var transaction = await first.BeginTransactionAsync(Token))
        {
            await using var local = new NpgsqlCommand("SELECT set_config('app.local_tenant', 'b', true)", first, transaction);
            await local.ExecuteScalarAsync(Token);
            await transaction.CommitAsync(Token);
        }

        var kept = await PooledDatabase.ScalarAsync(second, "SELECT current_setting('app.local_tenant', true)", Token);

        leaked.Should().Be("a", "no reset query runs between clients in transaction mode: the server connection keeps the first client's session setting");
        ((string?)kept).Should().BeNullOrEmpty("a setting made with set_config(..., true) ends with its transaction");
    }

    [Fact]
    public async Task Each_client_sees_its_own_application_name_on_the_shared_server_connection()
    {
        PooledDatabase.SkipWithoutPgBouncer();
        await using var database = await PooledDatabase.CreateAsync(postgres, "pgb_appname", Token);
        await using var bouncer = await PgBouncerProcess.StartAsync(database.Options(poolSize: 1), Token);

        // PgBouncer tracks application_name and sets it on the server connection when it hands it to another client:
        // what lets a proxy behind it tell which client a transaction comes from (TagApplicationName).
        await using var first = await ConnectAsAsync(bouncer, database.Role, "app#c1");
        await using var second = await ConnectAsAsync(bouncer, database.Role, "app#c2");
        var names = new List<object?>();
        foreach (var connection in new[] { first, second, first })
        {
            names.Add(await PooledDatabase.ScalarAsync(connection, "SELECT current_setting('application_name') || '@' || pg_backend_pid()", Token));
        }

        names.Select(n => ((string)n!).Split('@')[0]).Should().Equal("app#c1", "app#c2", "app#c1");
        names.Select(n => ((string)n!).Split('@')[1]).Distinct().Should().ContainSingle("the three transactions share the pool's one server connection");
    }

    private static async Task<NpgsqlConnection> ConnectAsAsync(PgBouncerProcess bouncer, string user, string applicationName)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(bouncer.ConnectionString(user)) { Pooling = false, ApplicationName = applicationName }.ConnectionString);
        await connection.OpenAsync(Token);
        return connection;
    }

    [Fact]
    public async Task A_search_path_sent_at_startup_is_dropped_by_pgbouncer()
    {
        PooledDatabase.SkipWithoutPgBouncer();
        await using var database = await PooledDatabase.CreateAsync(postgres, "pgb_path", Token);
        await using var bouncer = await PgBouncerProcess.StartAsync(database.Options(), Token);

        // PgBouncer 1.18 refuses a startup parameter it neither tracks nor ignores; the options ignore search_path, so the
        // login works and the server never sees it (the chaos family sets it again through its server-side proxy).
        await using var connection = await PooledDatabase.ConnectAsync(bouncer, database.Role, Token, searchPath: "tenant_schema");

        ((string?)await PooledDatabase.ScalarAsync(connection, "SHOW search_path", Token)).Should().NotContain("tenant_schema");
    }

    [Fact]
    public async Task A_wrong_password_fails_the_start_at_once_with_the_login_error()
    {
        PooledDatabase.SkipWithoutPgBouncer();
        await using var database = await PooledDatabase.CreateAsync(postgres, "pgb_pw", Token);
        var options = database.Options() with { Users = new Dictionary<string, string> { [database.Role] = "not-the-password" } };

        var start = () => PgBouncerProcess.StartAsync(options, Token);

        (await start.Should().ThrowAsync<PgBouncerException>())
            .Which.Message.Should().Contain($"a login as '{database.Role}'").And.Contain("password authentication failed");
    }

    [Fact]
    public async Task A_missing_pgbouncer_program_says_how_to_install_it()
    {
        var options = new PgBouncerOptions
        {
            UpstreamHost = "127.0.0.1",
            UpstreamPort = 5432,
            Database = "app",
            Users = new Dictionary<string, string> { ["app"] = "app" },
            BinaryPath = Path.Combine(Path.GetTempPath(), $"no-such-folder-{Guid.NewGuid():N}", "pgbouncer"),
        };

        var start = () => PgBouncerProcess.StartAsync(options, Token);

        (await start.Should().ThrowAsync<PgBouncerException>())
            .Which.Message.Should().Contain(options.BinaryPath).And.Contain("apt-get install pgbouncer").And.Contain("without PgBouncer");
    }

    [Fact]
    public async Task Stopping_leaves_no_process_and_no_folder()
    {
        PooledDatabase.SkipWithoutPgBouncer();
        await using var database = await PooledDatabase.CreateAsync(postgres, "pgb_stop", Token);
        var bouncer = await PgBouncerProcess.StartAsync(database.Options(), Token);
        var pid = bouncer.ProcessId;
        var folder = bouncer.Folder;
        var written = await File.ReadAllTextAsync(Path.Combine(folder, "pgbouncer.pid"), Token);

        await bouncer.DisposeAsync();

        written.Trim().Should().Be(pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "PgBouncer drops root itself (-u), so the harness holds its real pid");
        ProcessGroupProbe.IsGone(pid).Should().BeTrue();
        Directory.Exists(folder).Should().BeFalse();
    }

    [Fact]
    public async Task The_pgbouncer_of_a_harness_that_died_is_stopped_by_the_next_one()
    {
        PooledDatabase.SkipWithoutPgBouncer();
        await using var database = await PooledDatabase.CreateAsync(postgres, "pgb_orphan", Token);
        using var root = new ScratchRoot();
        var registry = new ChildRegistry(root.Path);
        await using var bouncer = await PgBouncerProcess.StartAsync(database.Options() with { Registry = registry }, Token);

        // The harness that started it "dies": its registry's owner file now names an exited process.
        File.WriteAllText(Path.Combine(registry.Folder, ChildRegistry.OwnerFileName), ChildRegistry.OwnerFileContent(ProcessProbe.DeadPid(), DateTime.UtcNow));
        OrphanChildReaper.Reap(root.Path);

        (await ProcessGroupProbe.EventuallyAsync(() => ProcessGroupProbe.IsGone(bouncer.ProcessId), Limit, Token)).Should().BeTrue();
    }
}
