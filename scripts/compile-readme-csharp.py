#!/usr/bin/env python3
"""Compiles the C# examples of README.md against the library, so that the README's code never stops compiling.

The ```csharp blocks are put into one program: their `using` lines first, then their statements in order, then the
type declarations (a block's `struct`/`class` runs to its closing brace at column 0). Exit 1 when the build fails.
"""
import re
import subprocess
import sys
import tempfile
from pathlib import Path

root = Path(__file__).resolve().parent.parent
text = (root / "README.md").read_text(encoding="utf-8")
blocks = re.findall(r"```csharp\n(.*?)```", text, re.S)
if not blocks:
    sys.exit("compile-readme-csharp: README.md has no ```csharp block")

usings, statements, types = set(), [], []
for block in blocks:
    lines = block.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("using "):
            usings.add(line)
        elif re.match(r"(public |internal )?(readonly )?(partial )?(struct|class|record) ", line):
            end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("}"))
            types.extend(lines[i:end + 1])
            i = end
        else:
            statements.append(line)
        i += 1

with tempfile.TemporaryDirectory(prefix="readme-csharp-") as tmp:
    project = Path(tmp)
    (project / "ReadmeExamples.csproj").write_text(f"""<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="{root / 'src' / 'Pylontech.Can' / 'Pylontech.Can.csproj'}" />
  </ItemGroup>
</Project>
""", encoding="utf-8")
    (project / "Program.cs").write_text("\n".join(sorted(usings) + statements + types) + "\n", encoding="utf-8")
    result = subprocess.run(["dotnet", "build", str(project), "-nologo", "-v", "q"], capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout[-4000:], result.stderr[-2000:])
        sys.exit(f"compile-readme-csharp: the {len(blocks)} C# examples of README.md do not compile")
    print(f"compile-readme-csharp: the {len(blocks)} C# examples of README.md compile")
