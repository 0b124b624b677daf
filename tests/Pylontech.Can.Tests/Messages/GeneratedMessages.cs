using System.Reflection;
using Pylontech.Can.Dbc;
using Pylontech.Can.Messages;

namespace Pylontech.Can.Tests.Messages;

/// <summary>The generated message types of pylontech.dbc, found by name, for tests that cover every message.</summary>
internal static class GeneratedMessages
{
    /// <summary>Decodes data as the message type named like a DBC message; returns the boxed message (or null when TryDecode returned false).</summary>
    public static object? Decode(DbcMessage message, byte[] data, int length) =>
        DecodeMethod(message).Invoke(null, [data, length]);

    /// <summary>The generated type of a DBC message.</summary>
    public static Type TypeOf(DbcMessage message) =>
        typeof(PylontechMessages).Assembly.GetType("Pylontech.Can.Messages." + message.Name, throwOnError: true)!;

    /// <summary>The property of a DBC signal (a signal named like its message gets the suffix Value).</summary>
    public static PropertyInfo PropertyOf(DbcMessage message, DbcSignal signal) =>
        TypeOf(message).GetProperty(signal.Name == message.Name ? signal.Name + "Value" : signal.Name)
        ?? throw new InvalidOperationException($"{message.Name} has no property for {signal.Name}");

    /// <summary>Creates the message type named like a DBC message from packed data (its <c>FromRawData</c>); returns it boxed.</summary>
    public static object FromRawData(DbcMessage message, ulong rawData, int length) =>
        typeof(GeneratedMessages).GetMethod(nameof(FromRawDataAs), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(TypeOf(message)).Invoke(null, [rawData, length])!;

    private static MethodInfo DecodeMethod(DbcMessage message) =>
        typeof(GeneratedMessages).GetMethod(nameof(DecodeAs), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(TypeOf(message));

    private static object? DecodeAs<T>(byte[] data, int length)
        where T : struct, ICanMessage<T> =>
        T.TryDecode(data.AsSpan(0, length), out var message) ? message : null;

    private static object FromRawDataAs<T>(ulong rawData, int length)
        where T : struct, ICanMessage<T> =>
        T.FromRawData(rawData, length);
}
