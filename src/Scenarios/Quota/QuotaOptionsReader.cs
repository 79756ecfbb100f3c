using System.Globalization;
using System.Text.RegularExpressions;
using Harness.Manifest;
using Harness.Targets.Endpoints;
using YamlDotNet.RepresentationModel;

namespace Harness.Scenarios.Quota;

/// <summary>Reads the manifest's <c>quota</c> section into <see cref="QuotaOptions"/>; every bad value is refused with its position.</summary>
internal static partial class QuotaOptionsReader
{
    private static readonly string[] LimitKeys = ["name", "endpoints", "limit", "window", "burst", "key", "status", "retryAfter", "rateLimitHeaders"];

    public static QuotaOptions Read(ManifestSection section)
    {
        var quota = section.Read("tolerance", "maxWait", "limits");
        var defaults = new QuotaOptions();
        if (quota is null)
        {
            return defaults;
        }

        return new QuotaOptions
        {
            Tolerance = Tolerance(quota) ?? defaults.Tolerance,
            MaxWait = Duration(quota, "maxWait", TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)) ?? defaults.MaxWait,
            Limits = Limits(quota),
        };
    }

    private static double? Tolerance(YamlMapping quota)
    {
        if (quota.Find("tolerance") is not { } node)
        {
            return null;
        }

        var text = (node as YamlScalarNode)?.Value?.Trim() ?? "";
        var percent = text.EndsWith('%');
        var number = percent ? text[..^1].TrimEnd() : text;
        if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            var fraction = percent ? value / 100 : value;
            if (fraction is >= 0 and <= 1)
            {
                return fraction;
            }
        }

        throw quota.Error(node, $"'quota.tolerance' must be a percentage from 0% to 100% (e.g. 10%) or a fraction from 0 to 1 (e.g. 0.1), not '{text}'");
    }

    private static TimeSpan? Duration(YamlMapping mapping, string key, TimeSpan min, TimeSpan max, string path = "quota")
    {
        if (mapping.Find(key) is not { } node)
        {
            return null;
        }

        var text = (node as YamlScalarNode)?.Value ?? "";
        if (DurationText.Parse(text) is { } duration && duration >= min && duration <= max)
        {
            return duration;
        }

        throw mapping.Error(node,
            $"'{path}.{key}' must be a duration from {DurationText.Format(min)} to {DurationText.Format(max)} written as {DurationText.Examples}, not '{text}'");
    }

    private static List<QuotaLimit> Limits(YamlMapping quota)
    {
        switch (quota.Find("limits"))
        {
            case null:
                return [];
            case YamlSequenceNode sequence:
                var limits = new List<QuotaLimit>();
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var limit = Limit(new YamlMapping(sequence.Children[i], quota.File, $"quota.limits[{i}]", LimitKeys), $"quota.limits[{i}]");
                    if (limits.Any(l => l.Name == limit.Name))
                    {
                        throw quota.Error(sequence.Children[i], $"two limits are named '{limit.Name}'; give each limit its own 'name'");
                    }

                    limits.Add(limit);
                }

                return limits;
            case var other:
                throw quota.Error(other, "'quota.limits' must be a list of limits, e.g. - { endpoints: [GET /sites], limit: 20, window: 4s }");
        }
    }

    private static QuotaLimit Limit(YamlMapping item, string path)
    {
        var endpoints = Endpoints(item, path);
        var probe = endpoints[0];
        return new QuotaLimit
        {
            Name = item.String("name") ?? probe.Route,
            Endpoints = endpoints,
            Limit = item.Int("limit", 1, 1_000_000) ?? throw item.Error(item.Node, $"missing '{path}.limit' (requests allowed per window per key), e.g. limit: 20"),
            Window = Duration(item, "window", TimeSpan.FromMilliseconds(250), TimeSpan.FromDays(1), path)
                ?? throw item.Error(item.Node, $"missing '{path}.window' (the period the limit counts over), e.g. window: 4s"),
            Burst = item.Int("burst", 0, 1_000_000) ?? 0,
            Key = Key(item, path, probe),
            Status = item.Int("status", 400, 599) ?? 429,
            RetryAfter = item.Bool("retryAfter") ?? true,
            RateLimitHeaders = item.Bool("rateLimitHeaders") ?? false,
        };
    }

    private static List<QuotaEndpoint> Endpoints(YamlMapping item, string path)
    {
        var texts = item.StringList("endpoints") ?? throw item.Error(item.Node, $"missing '{path}.endpoints', e.g. endpoints: [GET /sites]");
        if (texts.Count == 0)
        {
            throw item.Error(item.Find("endpoints")!, $"'{path}.endpoints' needs at least one endpoint, e.g. [GET /sites]");
        }

        var endpoints = new List<QuotaEndpoint>();
        foreach (var text in texts)
        {
            var match = RoutePattern().Match(text.Trim());
            if (!match.Success)
            {
                throw item.Error(item.Find("endpoints")!, $"'{text}' in '{path}.endpoints' is not \"METHOD /path\" (e.g. GET /sites/{{siteId}}; methods GET, POST, PUT, PATCH, DELETE)");
            }

            endpoints.Add(new QuotaEndpoint(match.Groups[1].Value.ToUpperInvariant(), Endpoint.Normalize(match.Groups[2].Value)));
        }

        return endpoints;
    }

    private static QuotaKey Key(YamlMapping item, string path, QuotaEndpoint probe)
    {
        if (item.String("key") is not { } text)
        {
            return QuotaKey.Tenant;
        }

        var node = item.Find("key")!;
        var parameters = Endpoint.ParameterNames(probe.Path);
        QuotaKey key = text switch
        {
            "tenant" => QuotaKey.Tenant,
            "user" => new QuotaKey(QuotaKeyKind.User),
            "ip" => new QuotaKey(QuotaKeyKind.Ip),
            "site" => new QuotaKey(QuotaKeyKind.Site),
            _ when text.StartsWith("route:", StringComparison.Ordinal) && ParameterPattern().IsMatch(text[6..]) => new QuotaKey(QuotaKeyKind.Route, text[6..]),
            _ => throw item.Error(node, $"'{path}.key' must be tenant, user, ip, site or route:<param> (a route parameter of its first endpoint), not '{text}'"),
        };
        if (key.Kind == QuotaKeyKind.Site && parameters.Count == 0)
        {
            throw item.Error(node, $"'{path}.key: site' keys by the first route parameter, but {probe.Route} has none; put an endpoint with one first (e.g. GET /sites/{{siteId}})");
        }

        if (key.Kind == QuotaKeyKind.Route && !parameters.Contains(key.Parameter!, StringComparer.Ordinal))
        {
            throw item.Error(node, $"'{path}.key: {text}' names no route parameter of {probe.Route} (it has {(parameters.Count == 0 ? "none" : string.Join(", ", parameters))})");
        }

        return key;
    }

    [GeneratedRegex(@"^(GET|POST|PUT|PATCH|DELETE)\s+(/\S*)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, 1000)]
    private static partial Regex RoutePattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ParameterPattern();
}
