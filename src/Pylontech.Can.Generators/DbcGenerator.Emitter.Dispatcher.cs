using System.Globalization;
using System.Linq;
using Pylontech.Can.Generators.Model;

namespace Pylontech.Can.Generators;

// The emitter for what a DBC file has besides its messages: the value-table enums, the message kind enum,
// the handler interface and the dispatcher class.
public sealed partial class DbcGenerator
{
    /// <summary>The source of the value-table enums of a file.</summary>
    internal static string EmitEnums(DbcFileSpec file)
    {
        var writer = new SourceWriter();
        EmitFileHeader(writer, file);
        var first = true;
        foreach (var spec in file.Enums)
        {
            if (!first)
            {
                writer.Line();
            }

            first = false;
            EmitEnum(writer, file, spec);
        }

        return writer.ToString();
    }

    private static void EmitEnum(SourceWriter writer, DbcFileSpec file, EnumSpec spec)
    {
        var source = spec.TableName is null
            ? $"the value descriptions of signal <c>{Xml(spec.FirstSignal)}</c>"
            : $"the value table <c>{Xml(spec.TableName)}</c>";
        writer.Line($"/// <summary>The named raw values of {source} in {Xml(file.FileName)}.</summary>");
        writer.Line("/// <remarks>A raw value without a name is still returned, as an undefined member.</remarks>");
        writer.Line(GeneratedCodeAttribute);
        writer.Open($"public enum {spec.Name} : {spec.UnderlyingType}");
        foreach (var member in spec.Members)
        {
            var value = member.Value.ToString(CultureInfo.InvariantCulture);
            writer.Line($"/// <summary>Raw value {value}: <c>{Xml(member.DbcName)}</c>.</summary>");
            writer.Line($"{member.Name} = {value},");
            if (!ReferenceEquals(member, spec.Members[spec.Members.Count - 1]))
            {
                writer.Line();
            }
        }

        writer.Close();
    }

    /// <summary>The source of the message kind enum, the handler interface and the dispatcher class of a file.</summary>
    internal static string EmitDispatcher(DbcFileSpec file)
    {
        var writer = new SourceWriter();
        EmitFileHeader(writer, file);
        EmitKindEnum(writer, file);
        writer.Line();
        EmitHandlerInterface(writer, file);
        writer.Line();
        EmitDispatcherClass(writer, file);
        return writer.ToString();
    }

    private static void EmitKindEnum(SourceWriter writer, DbcFileSpec file)
    {
        writer.Line($"/// <summary>The messages of {Xml(file.FileName)}.</summary>");
        writer.Line(GeneratedCodeAttribute);
        writer.Open($"public enum {file.KindName}");
        writer.Line($"/// <summary>An identifier {Xml(file.FileName)} does not describe.</summary>");
        writer.Line("Unknown = 0,");
        var value = 1;
        foreach (var message in file.Messages)
        {
            writer.Line();
            writer.Line($"/// <summary><see cref=\"{message.Name}\"/> ({Hex(message.CanId)}).</summary>");
            writer.Line($"{message.Name} = {value.ToString(CultureInfo.InvariantCulture)},");
            value++;
        }

        writer.Close();
    }

    private static void EmitHandlerInterface(SourceWriter writer, DbcFileSpec file)
    {
        writer.Line("/// <summary>");
        writer.Line($"/// Receives the messages of {Xml(file.FileName)} decoded by the <c>Dispatch</c> and <c>TryDecode</c> methods of <see cref=\"{file.ClassName}\"/>.");
        writer.Line("/// Every method does nothing unless implemented, so a message added to the DBC does not break implementations.");
        writer.Line("/// </summary>");
        writer.Line("/// <remarks>");
        writer.Line("/// A struct handler is passed by reference and not boxed, but calling a method it does not implement boxes it:");
        writer.Line("/// implement every method a struct handler can receive, or use a class.");
        writer.Line("/// </remarks>");
        writer.Line(GeneratedCodeAttribute);
        writer.Open($"public interface {file.HandlerName}");
        var first = true;
        foreach (var message in file.Messages)
        {
            if (!first)
            {
                writer.Line();
            }

            first = false;
            writer.Line($"/// <summary>Handles a <see cref=\"{message.Name}\"/> message ({Hex(message.CanId)}).</summary>");
            writer.Line("/// <param name=\"message\">The decoded message.</param>");
            writer.Open($"void Handle(in {message.Name} message)");
            writer.Close();
        }

        writer.Close();
    }

    private static void EmitDispatcherClass(SourceWriter writer, DbcFileSpec file)
    {
        var handler = file.HandlerName;
        writer.Line($"/// <summary>Identifies and decodes the messages of {Xml(file.FileName)} without allocating.</summary>");
        writer.Line(GeneratedCodeAttribute);
        writer.Open($"public static partial class {file.ClassName}");
        writer.Line("/// <summary>The name of the DBC file this code was generated from.</summary>");
        writer.Line($"public const string FileName = {Identifiers.StringLiteral(file.FileName)};");
        writer.Line();
        writer.Line("/// <summary>The CAN identifiers of every message, in file order.</summary>");
        var ids = string.Join(", ", file.Messages.Select(m => Hex(m.CanId)));
        writer.Line($"public static global::System.Collections.Generic.IReadOnlyList<uint> Ids {{ get; }} = global::System.Array.AsReadOnly(new uint[] {{ {ids} }});");
        writer.Line();
        EmitIdentify(writer, file);
        writer.Line();
        EmitDispatch(writer, file);
        writer.Line();
        writer.Line("/// <summary>Decodes a frame and passes the message to <paramref name=\"handler\"/>; remote and error frames are ignored.</summary>");
        writer.Line("/// <typeparam name=\"THandler\">The handler's type; a struct is not boxed.</typeparam>");
        writer.Line("/// <param name=\"frame\">The frame.</param>");
        writer.Line("/// <param name=\"handler\">The handler.</param>");
        writer.Line("/// <returns>Whether the frame was one of the file's messages and was decoded.</returns>");
        writer.Line($"public static bool TryDecode<THandler>(in global::Pylontech.Can.Frames.CanFrame frame, ref THandler handler)");
        writer.Line($"    where THandler : {handler} =>");
        writer.Line("    !frame.IsRemote && !frame.IsError && Dispatch(frame.Id, frame.IsExtended, frame.RawData, frame.Length, ref handler);");
        writer.Close();
    }

    private static void EmitIdentify(SourceWriter writer, DbcFileSpec file)
    {
        writer.Line("/// <summary>The message a CAN identifier carries.</summary>");
        writer.Line("/// <param name=\"canId\">The identifier.</param>");
        writer.Line("/// <param name=\"isExtended\">Whether it is a 29-bit extended identifier.</param>");
        writer.Line($"/// <returns>The message, or <see cref=\"{file.KindName}.Unknown\"/>.</returns>");
        writer.Open($"public static {file.KindName} Identify(uint canId, bool isExtended = false)");
        foreach (var extended in new[] { false, true })
        {
            var messages = file.Messages.Where(m => m.IsExtended == extended).ToList();
            if (messages.Count == 0)
            {
                continue;
            }

            writer.Open(extended ? "if (isExtended)" : "if (!isExtended)");
            writer.Open("switch (canId)");
            foreach (var message in messages)
            {
                writer.Line($"case {message.Name}.CanId:");
                writer.Line($"    return {file.KindName}.{message.Name};");
            }

            writer.Close();
            writer.Close();
            writer.Line();
        }

        writer.Line($"return {file.KindName}.Unknown;");
        writer.Close();
    }

    private static void EmitDispatch(SourceWriter writer, DbcFileSpec file)
    {
        writer.Line("/// <summary>Decodes a message of this file from its data bytes and passes it to <paramref name=\"handler\"/>.</summary>");
        writer.Line("/// <typeparam name=\"THandler\">The handler's type; a struct is not boxed.</typeparam>");
        writer.Line("/// <param name=\"canId\">The frame's identifier.</param>");
        writer.Line("/// <param name=\"isExtended\">Whether it is a 29-bit extended identifier.</param>");
        writer.Line("/// <param name=\"data\">The frame's data bytes; bytes past the eighth are ignored.</param>");
        writer.Line("/// <param name=\"handler\">The handler.</param>");
        writer.Line("/// <returns>Whether the identifier is one of the file's messages and the data could be decoded (was not empty).</returns>");
        writer.Line("public static bool Dispatch<THandler>(uint canId, bool isExtended, global::System.ReadOnlySpan<byte> data, ref THandler handler)");
        writer.Line($"    where THandler : {file.HandlerName}");
        writer.OpenBrace();
        writer.Open("if (data.Length >= 8)");
        writer.Line("return Dispatch(canId, isExtended, global::System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(data), 8, ref handler);");
        writer.Close();
        writer.Line();
        writer.Line("ulong rawData = 0;");
        writer.Open("for (var i = data.Length - 1; i >= 0; i--)");
        writer.Line("rawData = (rawData << 8) | data[i];");
        writer.Close();
        writer.Line();
        writer.Line("return Dispatch(canId, isExtended, rawData, data.Length, ref handler);");
        writer.Close();
        writer.Line();
        writer.Line("/// <summary>Decodes a message of this file from data bytes already packed, as <see cref=\"global::Pylontech.Can.Frames.CanFrame.RawData\"/> holds them, and passes it to <paramref name=\"handler\"/>.</summary>");
        writer.Line("/// <typeparam name=\"THandler\">The handler's type; a struct is not boxed.</typeparam>");
        writer.Line("/// <param name=\"canId\">The frame's identifier.</param>");
        writer.Line("/// <param name=\"isExtended\">Whether it is a 29-bit extended identifier.</param>");
        writer.Line("/// <param name=\"rawData\">The frame's data bytes packed little-endian (byte 0 in the low 8 bits); bytes past <paramref name=\"length\"/> are ignored.</param>");
        writer.Line("/// <param name=\"length\">The number of data bytes: 0 to 8; values outside are clamped.</param>");
        writer.Line("/// <param name=\"handler\">The handler.</param>");
        writer.Line("/// <returns>Whether the identifier is one of the file's messages and the data could be decoded (was not empty).</returns>");
        writer.Line("public static bool Dispatch<THandler>(uint canId, bool isExtended, ulong rawData, int length, ref THandler handler)");
        writer.Line($"    where THandler : {file.HandlerName}");
        writer.OpenBrace();
        foreach (var extended in new[] { false, true })
        {
            var messages = file.Messages.Where(m => m.IsExtended == extended).ToList();
            if (messages.Count == 0)
            {
                continue;
            }

            writer.Open(extended ? "if (isExtended)" : "if (!isExtended)");
            writer.Open("switch (canId)");
            foreach (var message in messages)
            {
                // A message with signals needs at least one data byte, as TryDecode does.
                writer.Line(message.Signals.Count > 0 ? $"case {message.Name}.CanId when length > 0:" : $"case {message.Name}.CanId:");
                writer.Line($"    handler.Handle({message.Name}.FromRawData(rawData, length));");
                writer.Line("    return true;");
            }

            writer.Close();
            writer.Close();
            writer.Line();
        }

        writer.Line("return false;");
        writer.Close();
    }
}
