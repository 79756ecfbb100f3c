using FluentAssertions;
using Harness.Probing;
using Harness.Scenarios.Idor;
using Harness.Targets;

namespace Harness.Tests.Idor;

/// <summary>
/// The read judge on the three answers alone (no database, no HTTP): the attacker on B's id, the attacker on an id that
/// exists nowhere, and the owner on B's id. A status proves nothing; B's data is a leak; a different answer is an existence oracle.
/// </summary>
public sealed class ReadJudgeTests
{
    private static readonly IReadOnlyList<int> Denied = [403, 404];
    private static readonly TargetResponse OwnersList = Json(200, """[{"id":"b-1","title":"Fire exits"}]""");
    private static readonly TargetResponse NotFound = Json(404, """{"title":"Not Found","status":404,"detail":"Site not found"}""");
    private static readonly IReadOnlyList<Leak> BsCanary = [new Leak(1, "canary", "cnry-b")];

    [Fact]
    public void An_empty_list_like_the_nonexistent_ids_passes()
    {
        Verdict(Json(200, "[]"), Json(200, "[]"), OwnersList).Should().Be(ReadVerdictKind.Pass);
    }

    [Fact]
    public void The_same_refusal_as_for_a_nonexistent_id_passes()
    {
        Verdict(Json(404, """{"title":"Not Found","status":404,"detail":"Site 7 not found"}"""), NotFound, OwnersList).Should().Be(ReadVerdictKind.Pass);
    }

    [Fact]
    public void Bs_data_is_a_leak_whatever_the_status()
    {
        Verdict(Json(200, """[{"title":"cnry-b"}]"""), Json(200, "[]"), OwnersList, BsCanary).Should().Be(ReadVerdictKind.Leak);
        Verdict(Json(404, """{"detail":"cnry-b"}"""), NotFound, OwnersList, BsCanary).Should().Be(ReadVerdictKind.Leak);
    }

    [Fact]
    public void Bs_data_is_a_leak_even_when_the_control_failed()
    {
        Verdict(Json(200, """[{"title":"cnry-b"}]"""), Json(200, "[]"), Json(500, "oops"), BsCanary).Should().Be(ReadVerdictKind.Leak);
    }

    [Fact]
    public void The_owners_very_answer_is_a_leak_without_canaries()
    {
        Verdict(OwnersList, Json(200, "[]"), OwnersList).Should().Be(ReadVerdictKind.Leak);
    }

    [Fact]
    public void Forbidden_against_not_found_is_an_existence_oracle()
    {
        var judged = ReadJudge.Judge(new ReadAnswers(Json(403, """{"title":"Forbidden"}"""), NotFound, OwnersList), [], ReadOracle.Differential, Denied);

        judged.Kind.Should().Be(ReadVerdictKind.ExistenceOracle);
        judged.Reason.Should().Contain("403").And.Contain("404");
    }

    [Fact]
    public void A_different_json_shape_with_the_same_status_is_an_existence_oracle()
    {
        Verdict(Json(200, """[{"id":"x-9"}]"""), Json(200, "[]"), OwnersList).Should().Be(ReadVerdictKind.ExistenceOracle);
    }

    [Fact]
    public void A_failed_control_without_bs_data_is_inconclusive_never_a_pass()
    {
        var judged = ReadJudge.Judge(new ReadAnswers(NotFound, NotFound, Json(500, "oops")), [], ReadOracle.Differential, Denied);

        judged.Kind.Should().Be(ReadVerdictKind.Inconclusive);
        judged.Reason.Should().Contain("500");
        ReadJudge.Judge(new ReadAnswers(NotFound, null, Json(404, "")), [], ReadOracle.Status, Denied).Kind.Should().Be(ReadVerdictKind.Inconclusive);
    }

    [Fact]
    public void The_status_oracle_judges_by_the_denied_statuses()
    {
        ReadJudge.Judge(new ReadAnswers(Json(200, "[]"), null, OwnersList), [], ReadOracle.Status, Denied).Kind.Should().Be(ReadVerdictKind.Leak);
        ReadJudge.Judge(new ReadAnswers(Json(403, "{}"), null, OwnersList), [], ReadOracle.Status, Denied).Kind.Should().Be(ReadVerdictKind.Pass);
    }

    [Fact]
    public void Answers_that_are_not_json_compare_by_status()
    {
        Verdict(new TargetResponse(200, "text/csv", "a,b\n"), new TargetResponse(200, "text/csv", "a,b\n1,2\n"), OwnersList).Should().Be(ReadVerdictKind.Pass);
    }

    [Theory]
    [InlineData("uuid", "")]
    [InlineData("integer", "2000041")]
    [InlineData("bigint", "1000000")]
    public void A_nonexistent_id_has_the_parameters_type_and_lies_past_every_seeded_one(string type, string expected)
    {
        var value = NonexistentIds.ValueFor(type, ["41", "1000041", "7"], "GET /things/{thingId}|thingId");

        if (type == "uuid")
        {
            Guid.TryParse(value, out _).Should().BeTrue();
            NonexistentIds.ValueFor(type, [], "GET /things/{thingId}|thingId").Should().Be(value, "the same route gives the same id on every run");
        }
        else if (type == "bigint")
        {
            NonexistentIds.ValueFor(type, [], "salt").Should().Be(expected);
        }
        else
        {
            value.Should().Be(expected);
        }
    }

    private static ReadVerdictKind Verdict(TargetResponse attacker, TargetResponse nonexistent, TargetResponse control, IReadOnlyList<Leak>? leaks = null) =>
        ReadJudge.Judge(new ReadAnswers(attacker, nonexistent, control), leaks ?? [], ReadOracle.Differential, Denied).Kind;

    private static TargetResponse Json(int status, string body) => new(status, "application/json", body);
}
