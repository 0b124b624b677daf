#!/usr/bin/env python3
"""Runs the shell commands of a Markdown file, the way a newcomer would copy them, and fails on the first that fails.

Usage: scripts/check-readme.py [--list] [--keep] [FILE]      (FILE defaults to README.md)

Which commands run:
  * every line of a code block whose info string is exactly ``sh`` (```sh), one command per line; a line ending in
    a backslash continues on the next; blank lines and lines starting with # are skipped;
  * blocks tagged otherwise are never run: ```console for sessions with output, ```sh-hardware (or any other tag)
    for commands that need a CAN interface, a broker or root;
  * a block right after the HTML comment <!-- readme-check: skip --> is not run either;
  * the repository's own full test run (./test.sh) is not run: it runs this check again.

Where: a copy of the repository as a fresh clone would have it (the files git tracks plus new files not ignored, so
no bin/ or obj/), with ../shared beside it when the repository has one. The commands run one after another in one
bash (set -e, pipefail), so a cd or a file written by one command is there for the next. Prints each command and its
time; on a failure, the command, its exit code and the end of its output.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

SKIP_MARK = "<!-- readme-check: skip -->"
NEVER_RUN = [
    (re.compile(r"^\./test\.sh(\s|$)"), "the full test run, which runs this check again"),
]
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([^\s`]*)")


def extract(path):
    """The commands of the file: (line number, command) for every line of every ```sh block."""
    commands, skipped = [], []
    lines = open(path, encoding="utf-8").read().splitlines()
    i, skip_next = 0, False
    while i < len(lines):
        line = lines[i]
        if line.strip() == SKIP_MARK:
            skip_next = True
            i += 1
            continue
        fence = FENCE.match(line)
        if not fence:
            if line.strip():
                skip_next = False
            i += 1
            continue
        marker, info = fence.group(2), fence.group(3)
        start = i + 1
        i += 1
        body = []
        while i < len(lines) and not lines[i].strip().startswith(marker):
            body.append((i + 1, lines[i]))
            i += 1
        i += 1  # the closing fence
        if info != "sh" or skip_next:
            if info == "sh":
                skipped.append((start, "block marked " + SKIP_MARK))
            skip_next = False
            continue
        pending, first = "", None
        for number, text in body:
            text = text.strip()
            if not pending and (not text or text.startswith("#")):
                continue
            first = first or number
            if text.endswith("\\"):
                pending += text[:-1].rstrip() + " "
                continue
            command = pending + text
            pending, at = "", first
            first = None
            reason = next((why for pattern, why in NEVER_RUN if pattern.search(command)), None)
            if reason:
                skipped.append((at, f"{command}: {reason}"))
            else:
                commands.append((at, command))
        if pending:
            commands.append((first, pending.strip()))
    return commands, skipped


def copy_repository(root, destination):
    """The files a fresh clone has, plus new files not ignored yet."""
    listed = subprocess.run(
        ["git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = os.path.join(root, name)
        if not os.path.lexists(source):
            continue  # deleted in the work tree, not committed yet
        target = os.path.join(destination, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)


def main(argv):
    list_only = "--list" in argv
    keep = "--keep" in argv
    files = [a for a in argv if not a.startswith("--")]
    root = subprocess.run(["git", "rev-parse", "--show-toplevel"], check=True, capture_output=True, text=True,
                          cwd=os.path.dirname(os.path.abspath(__file__))).stdout.strip()
    readme = os.path.abspath(files[0]) if files else os.path.join(root, "README.md")
    name = os.path.relpath(readme, root)
    commands, skipped = extract(readme)
    for at, why in skipped:
        print(f"  skip {name}:{at}: {why}")
    if list_only:
        for at, command in commands:
            print(f"  {name}:{at}: {command}")
        return 0
    if not commands:
        print(f"check-readme: {name} has no ```sh command to run")
        return 0

    work = tempfile.mkdtemp(prefix="pylon-readme.")
    try:
        repo = os.path.join(work, os.path.basename(root))
        copy_repository(root, repo)
        shared = os.path.join(os.path.dirname(root), "shared")
        if os.path.isdir(shared):
            os.symlink(shared, os.path.join(work, "shared"))
        # One bash for all commands; each command's output goes to its own file.
        script = ["set -eo pipefail"]
        for index, (at, command) in enumerate(commands):
            log = os.path.join(work, f"{index}.log")
            script.append(f"printf '%s\\n' {index} >{work}/current")
            script.append(f"{{ {command}\n}} >{log} 2>&1 </dev/null")
        started = time.monotonic()
        process = subprocess.Popen(["bash", "-c", "\n".join(script)], cwd=repo)
        # Report as the commands finish.
        reported = 0
        while True:
            done = process.poll() is not None
            current = int(open(os.path.join(work, "current")).read()) if os.path.exists(os.path.join(work, "current")) else 0
            finished = len(commands) if done and process.returncode == 0 else current
            while reported < finished:
                at, command = commands[reported]
                print(f"  ok   {name}:{at}: {command}")
                reported += 1
            if done:
                break
            time.sleep(0.5)
        elapsed = time.monotonic() - started
        if process.returncode != 0:
            at, command = commands[reported]
            print(f"  FAIL {name}:{at}: {command}  (exit code {process.returncode})", file=sys.stderr)
            log = os.path.join(work, f"{reported}.log")
            if os.path.exists(log):
                for line in open(log, errors="replace").read().splitlines()[-30:]:
                    print("       " + line, file=sys.stderr)
            return 1
        print(f"check-readme: {len(commands)} commands of {name} ran in {elapsed:.0f} s, {len(skipped)} skipped")
        return 0
    finally:
        if keep:
            print(f"check-readme: kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
