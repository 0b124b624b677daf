using CsCheck;
using Pylontech.Can.Dbc;

namespace Pylontech.Can.Tests.Dbc;

/// <summary>The parser never throws, whatever the text: random text, random DBC tokens, and damaged copies of the bundled DBC.</summary>
public sealed class DbcParserRobustnessTests
{
    private const string DbcCharacters = "BOSGCMVALTDEFUNXb_acimxyz0123456789.:;|@+-()[]{},\"\\ \t\r\n/";

    private static readonly string[] DbcTokens =
    [
        "VERSION", "NS_", "BS_", "BU_", "BO_", "SG_", "CM_", "VAL_", "VAL_TABLE_", "BA_DEF_", "BA_DEF_DEF_", "BA_", "SIG_VALTYPE_",
        "BO_TX_BU_", "EV_", "SIG_GROUP_", "SG_MUL_VAL_", "INT", "HEX", "FLOAT", "STRING", "ENUM", "M", "m3", "m2M", "Vector__XXX",
        ":", ";", "|", "@", "+", "-", "(", ")", "[", "]", ",", "\"", "\"text\"", "\"multi\nline\"", "0", "1", "7", "8", "64", "65",
        "4294967295", "3221225472", "2147483648", "-1", "0.1", "1e400", "0x1F", "-40", "Name", "\n", "\n ", "\r\n", "\\\"",
    ];

    private static void AssertParses(string text)
    {
        var file = DbcParser.Parse(text, "fuzz.dbc");

        Assert.NotNull(file);
        Assert.All(file.Diagnostics, d => Assert.True(d.Location.Line >= 1 && d.Location.Column >= 1, d.ToString()));
        _ = file.HasErrors;
        foreach (var signal in file.Messages.SelectMany(m => m.Signals))
        {
            _ = signal.IsFlag;
            if (signal.Length is >= 1 and <= 64)
            {
                _ = signal.BytesNeeded;
            }
        }
    }

    [Fact]
    public void Never_throws_on_random_text()
    {
        Gen.String[0, 400].Sample(AssertParses, iter: 2000);
    }

    [Fact]
    public void Never_throws_on_random_dbc_like_characters()
    {
        Gen.Char[DbcCharacters].Array[0, 400].Select(chars => new string(chars)).Sample(AssertParses, iter: 2000);
    }

    [Fact]
    public void Never_throws_on_random_sequences_of_dbc_tokens()
    {
        Gen.OneOf(DbcTokens).Array[0, 120]
            .Select(tokens => string.Join(" ", tokens))
            .Sample(AssertParses, iter: 3000);
    }

    [Fact]
    public void Never_throws_on_damaged_copies_of_the_bundled_dbc()
    {
        var original = TestFiles.PylontechDbcText();
        var mutation = Gen.Select(Gen.Int[0, 2], Gen.Int[0, original.Length], Gen.Int[1, 40], Gen.Char[DbcCharacters]);

        mutation.Array[1, 12]
            .Select(mutations => Mutate(original, mutations))
            .Sample(AssertParses, iter: 500, print: text => $"{text.Length} characters");
    }

    [Fact]
    public void Never_throws_on_every_prefix_of_the_vehicle_dbc()
    {
        var text = TestFiles.ReadTestData("vehicle.dbc");

        for (var length = 0; length <= text.Length; length += 7)
        {
            AssertParses(text[..length]);
        }
    }

    /// <summary>Deletes, duplicates or replaces characters of the text.</summary>
    private static string Mutate(string text, (int Kind, int Position, int Length, char Replacement)[] mutations)
    {
        foreach (var (kind, position, length, replacement) in mutations)
        {
            var at = Math.Min(position, text.Length);
            var count = Math.Min(length, text.Length - at);
            text = kind switch
            {
                0 => text.Remove(at, count),
                1 => text.Insert(at, text.Substring(at, count)),
                _ => at < text.Length ? string.Concat(text.AsSpan(0, at), [replacement], text.AsSpan(at + 1)) : text + replacement,
            };
        }

        return text;
    }
}
