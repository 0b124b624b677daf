using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Pylontech.Can.Generators.Model;

namespace Pylontech.Can.Generators;

/// <summary>
/// Generates a strongly typed, allocation-free decoder from every <c>.dbc</c> file listed as <c>AdditionalFiles</c>:
/// one struct per message, one enum per value table, and per file a dispatcher class.
/// </summary>
/// <remarks>
/// The namespace is the item's <c>Namespace</c> metadata, else the project's <c>RootNamespace</c>.
/// A file with errors (PYL001-PYL005, PYL100, PYL101, PYL104, PYL105) generates nothing.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed partial class DbcGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var models = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(".dbc", StringComparison.OrdinalIgnoreCase))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) => ParseFile(pair.Left, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.Model);

        var diagnostics = models
            .Select(static (model, _) => model.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (context, diagnostics) => ReportDiagnostics(context, diagnostics));

        var code = models
            .Where(static model => model.File is not null)
            .Select(static (model, _) => model.File!)
            .WithTrackingName(TrackingNames.Code);
        context.RegisterSourceOutput(code, static (context, file) => Emit(context, file));
    }

    private static void ReportDiagnostics(SourceProductionContext context, EquatableArray<DiagnosticSpec> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            var location = Location.Create(diagnostic.Path, diagnostic.Span, diagnostic.LineSpan);
            var arguments = new object[diagnostic.Arguments.Count];
            for (var i = 0; i < arguments.Length; i++)
            {
                arguments[i] = diagnostic.Arguments[i];
            }

            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.Find(diagnostic.Id), location, diagnostic.Severity, additionalLocations: null, properties: null, arguments));
        }
    }

    private static void Emit(SourceProductionContext context, DbcFileSpec file)
    {
        var prefix = file.Namespace.Length == 0 ? "" : file.Namespace + ".";
        foreach (var message in file.Messages)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            context.AddSource($"{prefix}{message.Name}.g.cs", SourceText.From(EmitMessage(file, message), System.Text.Encoding.UTF8));
        }

        if (file.Enums.Count > 0)
        {
            context.AddSource($"{prefix}{file.ClassName}.Enums.g.cs", SourceText.From(EmitEnums(file), System.Text.Encoding.UTF8));
        }

        context.AddSource($"{prefix}{file.ClassName}.g.cs", SourceText.From(EmitDispatcher(file), System.Text.Encoding.UTF8));
    }
}
