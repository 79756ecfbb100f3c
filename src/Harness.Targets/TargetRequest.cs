namespace Harness.Targets;

/// <summary>One request to a target, relative to its base address; rebuilt for every send (a retry after a refresh sends it again).</summary>
/// <param name="Method">GET, POST, PUT, PATCH, DELETE...</param>
/// <param name="PathAndQuery">The path (starting with '/') and the query, e.g. <c>/search/sites?q=cnry-</c>.</param>
/// <param name="JsonBody">A JSON body, sent as application/json, or null.</param>
/// <param name="Headers">Extra headers, e.g. a tampered tenant header.</param>
public sealed record TargetRequest(string Method, string PathAndQuery, string? JsonBody = null, IReadOnlyList<KeyValuePair<string, string>>? Headers = null)
{
    public override string ToString() => $"{Method} {PathAndQuery}";
}

/// <summary>What the target answered: status, content type and the body as text (JSON, CSV or anything else).</summary>
public sealed record TargetResponse(int Status, string? ContentType, string Body)
{
    public bool IsSuccess => Status is >= 200 and < 300;
}
