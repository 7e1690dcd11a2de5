"""Documentation drift: README.md and docs/*.md use only real commands and options, and their links resolve."""

import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```", re.S | re.M)
SHELL_SEPARATORS = {"|", "||", "&&", "&", ";", "(", ")"}


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def code_blocks(text: str) -> list[tuple[str, str]]:
    """(language, body) of each fenced code block."""
    return [(m.group(1), m.group(2)) for m in FENCE.finditer(text)]


def hoaxcheck_commands(line: str) -> list[list[str]]:
    """The `hoaxcheck ...` commands of one shell line, as words (pipes, `&&` and comments split them off)."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        tokens = list(lexer)
    except ValueError:  # an unbalanced quote: fall back to plain words
        tokens = line.split("#")[0].split()
    commands, current = [], []
    for token in tokens + [";"]:
        if token in SHELL_SEPARATORS:
            if current and current[0] == "hoaxcheck":
                commands.append(current)
            current = []
        else:
            current.append(token)
    return commands


def documented_commands(path: Path) -> list[tuple[str, list[str]]]:
    """(line, words) of every hoaxcheck command in the ```sh blocks of a page.

    A `run:` line of a ```yaml block (a GitHub Actions step) is a shell line too.
    """
    found = []
    for lang, body in code_blocks(read(path)):
        if lang not in ("sh", "yaml"):
            continue
        for raw in re.sub(r"\\\n\s*", " ", body).splitlines():
            line = raw.strip()
            if lang == "yaml":
                line = re.sub(r"^(-\s*)?run:\s*", "", line)
            if not line.startswith("hoaxcheck") and not re.search(r"(\||&&|;)\s*hoaxcheck\b", line):
                continue
            found.extend((line, words) for words in hoaxcheck_commands(line))
    return found


def all_commands() -> list[tuple[str, str, list[str]]]:
    return [(path.relative_to(ROOT).as_posix(), line, words) for path in DOCS for line, words in documented_commands(path)]


def test_docs_exist():
    names = {p.name for p in DOCS}
    assert {
        "README.md",
        "checking.md",
        "rules.md",
        "ci.md",
        "corpus.md",
        "models.md",
        "benchmarks.md",
        "architecture.md",
    } <= names


def test_docs_use_real_commands_and_options_and_show_every_command():
    import typer.main

    from hoaxcheck.cli import app

    group = typer.main.get_command(app)
    commands = all_commands()
    assert commands, "no hoaxcheck command found in README.md or docs/"
    documented = set()
    for page, line, words in commands:
        words = words[1:]
        cmd = group
        while words and hasattr(cmd, "commands") and words[0] in cmd.commands:
            cmd = cmd.commands[words.pop(0)]
            documented.add(cmd)
        if cmd is group:
            assert words and words[0].startswith("-"), f"{page} uses an unknown command: {line}"
        assert not hasattr(cmd, "commands") or cmd is group, f"{page} names a command group without its command: {line}"
        options = {o for p in cmd.params for o in p.opts + p.secondary_opts}
        for word in words:
            flag = word.split("=")[0]
            if re.fullmatch(r"--[\w-]+|-[A-Za-z]", flag):
                assert flag in options, f"{page} uses '{flag}', which '{cmd.name}' does not have: {line}"
    leaves = []
    for cmd in group.commands.values():
        leaves.extend(cmd.commands.values() if hasattr(cmd, "commands") else [cmd])
    missing = sorted(c.name for c in leaves if c not in documented)
    assert not missing, f"README.md and docs/ show no example of: {missing}"


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = FENCE.sub("", read(path))
    seen, result = {}, set()
    for m in re.finditer(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, re.M):
        slug = github_anchor(m.group(1))
        n = seen.get(slug, 0)
        result.add(slug if n == 0 else f"{slug}-{n}")
        seen[slug] = n + 1
    return result


def relative_links(path: Path) -> list[str]:
    """Link targets of a page outside code, that are neither web addresses nor e-mail."""
    text = FENCE.sub("", read(path))
    text = re.sub(r"`[^`\n]*`", "", text)
    targets = re.findall(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)", text)
    targets += re.findall(r"^\s*\[[^\]]+\]:\s*(\S+)", text, re.M)
    return [t for t in targets if not re.match(r"[a-z][a-z0-9+.-]*:", t, re.I)]


@pytest.mark.parametrize("page", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_relative_links_point_to_existing_files(page):
    broken = []
    for target in relative_links(page):
        file_part, _, fragment = target.partition("#")
        dest = (page.parent / file_part).resolve() if file_part else page
        if not dest.exists():
            broken.append(target)
        elif fragment and dest.suffix == ".md" and fragment not in anchors(dest):
            broken.append(f"{target} (no such heading)")
    assert not broken, f"{page.name} has broken links: {broken}"


def test_readme_is_short():
    size = len((ROOT / "README.md").read_bytes())
    assert size <= 6500, f"README.md is {size} bytes; move details to docs/"


def quick_start() -> str:
    readme = read(ROOT / "README.md")
    m = re.search(r"^## Quick start\n(.*?)(?=^## )", readme, re.S | re.M)
    assert m, "README.md has no '## Quick start' section"
    return m.group(1)


def test_readme_quick_start_has_exactly_two_commands():
    lines = [
        ln
        for lang, body in code_blocks(quick_start())
        if lang == "sh"
        for ln in body.splitlines()
        if ln.strip() and not ln.lstrip().startswith("#")
    ]
    assert len(lines) == 2, f"the quick start should have exactly two sh commands, found {len(lines)}: {lines}"
    assert "hoaxcheck score" in lines[0], lines[0]
    ci = ROOT / ".ci" / "run"
    if ci.is_file():
        assert lines[1] in read(ci).splitlines(), "CI (.ci/run) no longer runs the quick start's second command"
