using System.Diagnostics;

namespace Pylontech.Can.Mqtt.Tests;

/// <summary>Finds <c>shared/</c> beside the repository and runs its Home Assistant discovery checker.</summary>
internal static class SharedTools
{
    public static string SharedDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Pylontech.sln")))
                {
                    var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                    return Directory.Exists(shared) ? shared : throw new DirectoryNotFoundException($"{shared}: the shared directory beside the repository is missing");
                }
            }

            throw new DirectoryNotFoundException($"no Pylontech.sln above {AppContext.BaseDirectory}");
        }
    }

    public static string Validator => Path.Combine(SharedDirectory, "tools", "ha_discovery_validator.py");

    /// <summary>Runs the checker with <c>--strict</c> on input (TOPIC&lt;TAB&gt;PAYLOAD lines or mosquitto_sub <c>%j</c> lines).</summary>
    public static (int ExitCode, string Output) Validate(string input, params string[] extraArguments)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Validator);
        start.ArgumentList.Add("--strict");
        foreach (var argument in extraArguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the discovery checker did not finish in 60 s");
        }

        return (process.ExitCode, output.Result + error.Result);
    }
}
