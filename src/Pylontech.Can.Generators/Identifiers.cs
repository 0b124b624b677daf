using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Pylontech.Can.Generators;

/// <summary>Turns DBC names into C# identifiers.</summary>
internal static class Identifiers
{
    /// <summary>
    /// PascalCase: <c>Battery_Charge_Voltage</c> and <c>BATTERY_CHARGE_VOLTAGE</c> become <c>BatteryChargeVoltage</c>,
    /// <c>pylontech</c> becomes <c>Pylontech</c>; a name without separators that starts with a capital
    /// (<c>BatteryLimits</c>, <c>SOC</c>) is kept as it is.
    /// </summary>
    public static string ToPascalCase(string name)
    {
        var parts = Split(name);
        if (parts.Count == 1 && parts[0].Length == name.Length && char.IsUpper(name[0]))
        {
            return name;
        }

        var screaming = true;
        foreach (var c in name)
        {
            if (char.IsLower(c))
            {
                screaming = false;
                break;
            }
        }

        var builder = new StringBuilder(name.Length);
        foreach (var part in parts)
        {
            builder.Append(char.ToUpperInvariant(part[0]));
            var rest = part.Substring(1);
            builder.Append(screaming ? rest.ToLowerInvariant() : rest);
        }

        return builder.ToString();
    }

    /// <summary>Whether <paramref name="name"/> can be used as a C# type or member name.</summary>
    public static bool IsValid(string name) =>
        name.Length > 0 && SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None;

    /// <summary>Whether <paramref name="name"/> is a dotted namespace name such as <c>Pylontech.Can.Messages</c>.</summary>
    public static bool IsValidNamespace(string name)
    {
        foreach (var part in name.Split('.'))
        {
            if (!IsValid(part))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An enum member name from a value description: PascalCase, prefixed with <c>Value</c> when it would not start with a letter.</summary>
    public static string ToMemberName(string description, long value)
    {
        var name = ToPascalCase(description);
        if (name.Length == 0)
        {
            return "Value" + (value < 0 ? "Minus" + (-value).ToString(System.Globalization.CultureInfo.InvariantCulture) : value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return char.IsLetter(name[0]) || name[0] == '_' ? name : "Value" + name;
    }

    /// <summary>A C# string literal.</summary>
    public static string StringLiteral(string text) => SymbolDisplay.FormatLiteral(text, quote: true);

    private static List<string> Split(string name)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            parts.Add(current.ToString());
        }

        return parts;
    }
}
