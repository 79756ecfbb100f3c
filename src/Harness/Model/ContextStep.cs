using Harness.Sql;

namespace Harness.Model;

/// <summary>
/// One step of a tenant context, run in order at the start of every probe transaction: switch role, set a setting, or
/// run a statement. Values are filled into placeholders safely (see each step).
/// </summary>
public abstract record ContextStep
{
    /// <summary>The step as the manifest writes it, for messages, e.g. <c>role: authenticated</c>.</summary>
    public abstract string Describe();

    /// <summary>The placeholders the step uses.</summary>
    public abstract IReadOnlyList<string> Placeholders { get; }

    /// <summary>The statement that runs the step, with <paramref name="value"/> giving each placeholder's value.</summary>
    public abstract ContextStatement Render(Func<string, string> value);
}

/// <summary><c>SET LOCAL ROLE</c>: the rest of the transaction runs as <see cref="Role"/> (the app's <c>SET LOCAL ROLE authenticated</c>).</summary>
public sealed record RoleStep(string Role) : ContextStep
{
    public override string Describe() => $"role: {Role}";

    public override IReadOnlyList<string> Placeholders => [];

    public override ContextStatement Render(Func<string, string> value)
    {
        var sql = $"SET LOCAL ROLE {SqlIdentifier.Quote(Role)}";
        return new ContextStatement(Describe(), sql, [], sql + ";", ResultSets: 0);
    }
}

/// <summary>
/// <c>set_config(name, value, true)</c> with the name and the filled value as parameters. When the value template is JSON
/// (it starts with <c>{</c> or <c>[</c>), values are JSON-string-escaped, so no value can end the string it sits in.
/// </summary>
public sealed record SettingStep(string Name, string Value) : ContextStep
{
    /// <summary>The value template is a JSON document (e.g. JWT claims).</summary>
    public bool IsJson => JsonTemplate.Is(Value);

    public override string Describe() => $"setting: {Name}";

    public override IReadOnlyList<string> Placeholders => ContextPlaceholders.In(Value);

    public override ContextStatement Render(Func<string, string> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var filled = IsJson ? JsonTemplate.Fill(Value, value) : ContextPlaceholders.Pattern().Replace(Value, m => value(m.Groups[1].Value));
        return new ContextStatement(
            Describe(),
            "SELECT set_config($1, $2, true)",
            [Name, filled],
            $"SELECT set_config({SqlLiteral.Quote(Name)}, {SqlLiteral.Quote(filled)}, true);",
            ResultSets: 1);
    }
}

/// <summary>
/// A statement of the app's own (e.g. <c>select set_config('app.user_id', '{userId}', true)</c>). A placeholder inside a
/// string literal gets the value with its quotes doubled; one outside any literal gets a whole string literal.
/// </summary>
public sealed record SqlStep(string Sql) : ContextStep
{
    public override string Describe() => $"sql: {Sql}";

    public override IReadOnlyList<string> Placeholders => ContextPlaceholders.In(Sql);

    public override ContextStatement Render(Func<string, string> value)
    {
        var sql = SqlTemplate.Fill(Sql, value);
        return new ContextStatement(Describe(), sql, [], sql.TrimEnd().EndsWith(';') ? sql : sql + ";");
    }
}
