using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Harness.Running;

namespace Harness.Reporting.Json;

/// <summary>
/// A series' points as <c>[[x,y],[x,y],...]</c> on one line, so that a long series takes one line of report.json
/// instead of four per point.
/// </summary>
internal sealed class SeriesPointsConverter : JsonConverter<IReadOnlyList<SeriesPoint>>
{
    public override IReadOnlyList<SeriesPoint> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Expect(ref reader, JsonTokenType.StartArray, "a series' points are an array of [x, y] pairs");
        var points = new List<SeriesPoint>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartArray, "a series point is an [x, y] pair");
            var x = Number(ref reader);
            var y = Number(ref reader);
            if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
            {
                throw new JsonException("a series point is an [x, y] pair");
            }

            points.Add(new SeriesPoint(x, y));
        }

        return points;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<SeriesPoint> value, JsonSerializerOptions options)
    {
        var json = new StringBuilder(value.Count * 16 + 2).Append('[');
        for (var i = 0; i < value.Count; i++)
        {
            json.Append(i == 0 ? "[" : ",[")
                .Append(value[i].X.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(value[i].Y.ToString("R", CultureInfo.InvariantCulture)).Append(']');
        }

        writer.WriteRawValue(json.Append(']').ToString(), skipInputValidation: true);
    }

    private static double Number(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException("a series point is an [x, y] pair of numbers");
        }

        return reader.GetDouble();
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token, string message)
    {
        if (reader.TokenType != token)
        {
            throw new JsonException(message);
        }
    }
}
