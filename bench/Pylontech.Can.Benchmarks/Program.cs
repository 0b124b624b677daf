using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Pylontech.Can.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
