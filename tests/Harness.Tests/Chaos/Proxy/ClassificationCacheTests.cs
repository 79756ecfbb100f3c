using FluentAssertions;
using Harness.Chaos.Proxy;

namespace Harness.Tests.Chaos.Proxy;

/// <summary>Statement texts classified once per proxy, in a cache that stays bounded whatever the client sends.</summary>
public sealed class ClassificationCacheTests
{
    [Fact]
    public void A_repeated_text_is_classified_once()
    {
        var cache = new ClassificationCache<string>();
        var calls = 0;
        string Classify(string text)
        {
            calls++;
            return text.ToUpperInvariant();
        }

        cache.GetOrAdd("select 1", Classify).Should().Be("SELECT 1");
        cache.GetOrAdd("select 1", Classify).Should().Be("SELECT 1");
        cache.GetOrAdd("select 2", Classify).Should().Be("SELECT 2");

        calls.Should().Be(2);
    }

    [Fact]
    public void Texts_that_never_repeat_do_not_grow_it_past_its_limit()
    {
        var cache = new ClassificationCache<string>();

        for (var i = 0; i < ClassificationCache<string>.Limit + 500; i++)
        {
            cache.GetOrAdd($"SELECT * FROM t WHERE id = {i}", t => t);
        }

        cache.Count.Should().BeInRange(1, ClassificationCache<string>.Limit);
        var calls = 0;
        cache.GetOrAdd(new string('x', ClassificationCache<string>.LongestText + 1), t => { calls++; return t; });
        cache.GetOrAdd(new string('x', ClassificationCache<string>.LongestText + 1), t => { calls++; return t; });
        calls.Should().Be(2, "a text longer than the longest kept is classified every time, never held");
    }

    [Fact]
    public void A_cached_query_comes_back_as_a_list_the_caller_may_change()
    {
        var classifier = new StatementClassifier(new TenantContextSettings { Settings = ["app.company_id"] }, new HashSet<string>(["orders"]));
        var query = "SET app.company_id = '5'; SELECT * FROM orders";

        var first = classifier.ClassifyQuery(query);
        first.Add(StatementInfo.Empty);
        first.RemoveAt(0);
        var second = classifier.ClassifyQuery(query);

        second.Select(s => s.Kind).Should().Equal(StatementKind.Utility, StatementKind.Data);
        second[0].Assignments.Should().ContainSingle(a => a.Value.Literal == "5");
        classifier.ClassifyStatement("SELECT * FROM orders").Should().BeSameAs(classifier.ClassifyStatement("SELECT * FROM orders"));
    }
}
