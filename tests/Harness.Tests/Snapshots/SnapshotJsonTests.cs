using FluentAssertions;
using Harness.Snapshots;

namespace Harness.Tests.Snapshots;

/// <summary>Snapshots and diffs as files: camelCase JSON that reads back equal, and a clear error for anything else.</summary>
public sealed class SnapshotJsonTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("harness-snapshot-json-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task A_snapshot_written_and_read_back_is_the_same_snapshot()
    {
        var snapshot = SnapshotSamples.Baseline();
        var path = Path.Combine(directory, "before.json");

        await SnapshotJson.WriteAsync(path, snapshot, Token);
        var read = await SnapshotJson.ReadSnapshotAsync(path, Token);

        read.Should().BeEquivalentTo(snapshot, o => o.WithStrictOrdering());
        SnapshotJson.Serialize(read).Should().Be(SnapshotJson.Serialize(snapshot));
        SnapshotDiff.Between(snapshot, read).IsEmpty.Should().BeTrue();
        var text = await File.ReadAllTextAsync(path, Token);
        text.Should().Contain("\"format\": 1").And.Contain("\"forceRowSecurity\": true").And.Contain("\"tenantKey\": \"tenant_id\"")
            .And.Contain("\n  \"security\": {", "it is indented");
    }

    [Fact]
    public async Task A_diff_written_and_read_back_is_the_same_diff_with_camel_case_kinds()
    {
        var before = SnapshotSamples.Baseline();
        var after = before with
        {
            Security = before.Security with { Tables = [.. before.Security.Tables.Skip(1)] },
            Data = [before.Data[0] with { Rows = 3 }],
            Canaries = [],
        };
        var diff = SnapshotDiff.Between(before, after);
        var path = Path.Combine(directory, "diff.json");

        await SnapshotJson.WriteAsync(path, diff, Token);
        var read = await SnapshotJson.ReadDiffAsync(path, Token);

        diff.IsEmpty.Should().BeFalse();
        read.Should().BeEquivalentTo(diff, o => o.WithStrictOrdering());
        var text = await File.ReadAllTextAsync(path, Token);
        text.Should().Contain("\"category\": \"table\"").And.Contain("\"kind\": \"removed\"").And.Contain("\"kind\": \"vanished\"")
            .And.NotContain("isEmpty");
    }

    [Theory]
    [InlineData("{ \"format\": 2, \"schema\": \"app\", \"security\": {} }", "format version 2")]
    [InlineData("{ \"schema\": \"app\" }", "no \"format\" number")]
    [InlineData("{ \"format\": 1, \"schema\": ", "not valid JSON")]
    [InlineData("[1, 2]", "no \"format\" number")]
    [InlineData("{ \"format\": 1, \"security\": {} }", "not a harness snapshot")]
    [InlineData("{ \"format\": 1, \"schema\": \"app\", \"security\": { \"tables\": [ { \"name\": \"x\" } ] } }", "not a harness snapshot")]
    public async Task A_file_of_another_format_or_not_a_snapshot_is_refused_naming_the_file(string json, string reason)
    {
        var path = Path.Combine(directory, "bad.json");
        await File.WriteAllTextAsync(path, json, Token);

        var read = () => SnapshotJson.ReadSnapshotAsync(path, Token);

        var error = (await read.Should().ThrowAsync<SnapshotException>()).Which;
        error.Message.Should().Contain(path).And.Contain(reason);
        error.File.Should().Be(path);
    }

    [Fact]
    public async Task A_missing_file_is_refused_naming_it()
    {
        var path = Path.Combine(directory, "missing.json");

        var read = () => SnapshotJson.ReadDiffAsync(path, Token);

        (await read.Should().ThrowAsync<SnapshotException>()).Which.Message.Should().Contain(path).And.Contain("does not exist");
    }
}
