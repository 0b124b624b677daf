namespace Pylontech.Cli;

/// <summary>The exit codes of pylon-cli, listed in <c>--help</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Everything worked (also when the output pipe was closed early, e.g. by <c>head</c>).</summary>
    public const int Success = 0;

    /// <summary>A run-time error: a source or broker failed, or reading stopped on a malformed line with --strict.</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong: an unknown option or an invalid value.</summary>
    public const int Usage = 2;

    /// <summary>The input cannot be opened: no such file or CAN interface, interface down, AF_CAN missing, permission denied.</summary>
    public const int SourceUnavailable = 3;

    /// <summary>A DBC file given with --dbc cannot be read or has errors.</summary>
    public const int BadDbc = 4;

    /// <summary>Stopped by Ctrl-C or SIGTERM (after printing what it had).</summary>
    public const int Interrupted = 130;

    /// <summary>The exit codes as help text.</summary>
    public const string HelpText =
        "Exit codes: 0 success, 1 run-time error, 2 usage error, 3 source unavailable (no such file or interface, interface down, no AF_CAN, permission denied), 4 bad DBC file, 130 interrupted.";
}
