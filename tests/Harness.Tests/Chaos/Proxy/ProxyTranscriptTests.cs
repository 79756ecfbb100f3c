using FluentAssertions;
using Harness.Chaos.Proxy;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Chaos.Proxy;

/// <summary>Transcripts show the conversation without secrets: no password, no literal or bind value but the tenant context's.</summary>
public sealed class ProxyTranscriptTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_transcript_keeps_the_context_value_and_hides_passwords_literals_bind_values_and_rows()
    {
        await using var bed = await ProxyTestBed.StartAsync(postgres, cancellationToken: Token);
        var password = new NpgsqlConnectionStringBuilder(postgres.AdminConnectionString).Password!;
        int id;
        await using (var connection = await bed.OpenAsync(Token))
        {
            await using var transaction = await connection.BeginTransactionAsync(Token);
            await using (var context = new NpgsqlCommand($"SELECT set_config('{ProxyTestBed.Setting}', @tenant, true)", connection))
            {
                context.Parameters.AddWithValue("tenant", "tenant-42");
                await context.ExecuteNonQueryAsync(Token);
            }

            await using (var insert = new NpgsqlCommand("INSERT INTO orders VALUES (40, 1, @note)", connection))
            {
                insert.Parameters.AddWithValue("note", "bound-secret");
                await insert.ExecuteNonQueryAsync(Token);
            }

            await using (var select = new NpgsqlCommand("SELECT note FROM orders WHERE note <> 'literal-secret'", connection))
            {
                await using var reader = await select.ExecuteReaderAsync(Token);
                while (await reader.ReadAsync(Token))
                {
                }
            }

            await transaction.CommitAsync(Token);
            id = bed.Proxy.Connections().Single().Id;
        }

        var transcript = bed.Proxy.TranscriptOf(id);

        transcript.Should().NotBeEmpty();
        transcript.Should().OnlyContain(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d\d:\d\d:\d\d\.\d\d\d [<>!] "));
        string.Join('\n', transcript).Should().NotContain(password).And.NotContain("bound-secret").And.NotContain("literal-secret")
            .And.NotContain("'a'");
        transcript.Should().Contain(l => l.Contains("> P SELECT set_config('app.tenant_id', $1, true)", StringComparison.Ordinal));
        transcript.Should().Contain(l => l.EndsWith("> B (unnamed) ($1='tenant-42')", StringComparison.Ordinal));
        transcript.Should().Contain(l => l.EndsWith("> B (unnamed) ($1=?)", StringComparison.Ordinal));
        transcript.Should().Contain(l => l.EndsWith("> P SELECT note FROM orders WHERE note <> '?'", StringComparison.Ordinal));
        transcript.Should().Contain(l => l.EndsWith("< D x6", StringComparison.Ordinal));
        transcript.Should().Contain(l => l.EndsWith("< C INSERT 0 1", StringComparison.Ordinal));
        transcript.Should().Contain(l => l.EndsWith("< Z T", StringComparison.Ordinal));
        bed.Proxy.TranscriptOf(999).Should().BeEmpty();
    }

    [Fact]
    public void Redaction_keeps_setting_names_and_values_of_context_statements_only()
    {
        var classifier = new StatementClassifier(new TenantContextSettings { Settings = ["app.tenant_id"] }, new HashSet<string>(["orders"]));
        var redactor = new StatementRedactor(classifier);

        redactor.Redact("SET app.tenant_id = 'acme'").Should().Be("SET app.tenant_id = 'acme'");
        redactor.Redact("SELECT set_config('app.tenant_id', '7', false), 'x'").Should().Be("SELECT set_config('app.tenant_id', '7', false), '?'");
        redactor.Redact("ALTER ROLE app PASSWORD 'hunter2'").Should().Be("ALTER ROLE app PASSWORD '?'");
        redactor.Redact("SELECT * FROM orders WHERE note = E'it\\'s' AND body = $$x$$").Should().Be("SELECT * FROM orders WHERE note = '?' AND body = '?'");
    }
}
