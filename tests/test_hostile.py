"""Bad and hostile input: encodings, files that are not text, odd trees, generated text that
would make a careless regular expression take minutes, and a fuzz run of the pure core."""

from __future__ import annotations

import importlib.util
import json
import multiprocessing
import multiprocessing.connection
import os
import pathlib
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest

from claimcheck import corpus
from claimcheck.corpus import CorpusError, decode, parse_document, read_corpus, read_document
from claimcheck.extract import extract_claims
from conftest import ROOT, cli

SPANISH = (
    "---\ntitle: Emboscada en Michoacán\npublished: 2019-10-15\n---\n"
    "Murieron 13 policías en la comunidad de El Aguaje, Michoacán, según la Fiscalía. "
    "“Fue una emboscada”, dijo el señor Núñez — el lunes.\n"
)
# latin-1 has no curly quotes or dashes: the same article without them
SPANISH_LATIN1 = SPANISH.replace("“", '"').replace("”", '"').replace("—", "-")
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def assert_offsets_exact(doc: corpus.Document) -> list[Any]:
    claims = extract_claims(doc)
    for claim in claims:
        assert doc.text[claim.start : claim.end] == claim.text
    return claims


# ----------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("encoding", "mark", "text"),
    [
        ("utf-8", b"", SPANISH),
        ("utf-8", b"\xef\xbb\xbf", SPANISH),
        ("utf-16-le", b"\xff\xfe", SPANISH),
        ("utf-16-be", b"\xfe\xff", SPANISH),
        ("cp1252", b"", SPANISH),
        ("latin-1", b"", SPANISH_LATIN1),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "cp1252", "latin-1"],
)
def test_encodings_are_read_with_exact_offsets(
    tmp_path: pathlib.Path, encoding: str, mark: bytes, text: str
) -> None:
    path = tmp_path / "nota.txt"
    path.write_bytes(mark + text.encode(encoding))
    doc = read_document(path)
    assert doc.text == text  # the mark is not text; accents and quotes survive
    assert (doc.title, str(doc.published)) == ("Emboscada en Michoacán", "2019-10-15")
    claims = assert_offsets_exact(doc)
    same_in_utf8 = extract_claims(parse_document(text, "nota"))
    assert [(c.start, c.end, c.text) for c in claims] == [
        (c.start, c.end, c.text) for c in same_in_utf8
    ]
    killed = [(c.value, c.group, c.text) for c in claims if c.slot == "killed"]
    assert killed == [(13, "police", "Murieron 13 policías")]
    assert any(c.kind == "place" and c.value == "El Aguaje" for c in claims)


def test_cli_offsets_are_in_the_decoded_legacy_text(tmp_path: pathlib.Path) -> None:
    raw = SPANISH.encode("cp1252")
    (tmp_path / "legacy.txt").write_bytes(raw)
    (tmp_path / "wide.txt").write_bytes(b"\xff\xfe" + SPANISH.encode("utf-16-le"))
    out = cli("list-claims", str(tmp_path), "--format", "json")
    assert out.returncode == 0, out.stderr
    claims = json.loads(out.stdout)
    assert {c["source"] for c in claims} == {"legacy", "wide"}
    for claim in claims:
        assert SPANISH[claim["start"] : claim["end"]] == claim["text"]
    sources = json.loads(cli("sources", str(tmp_path), "--format", "json").stdout)
    assert {s["source"]: s["encoding"] for s in sources} == {"legacy": "cp1252", "wide": "utf-16"}


def test_a_utf8_mark_over_legacy_bytes_is_still_read() -> None:
    text, encoding = decode(b"\xef\xbb\xbf" + "Murieron 13 policías.".encode("cp1252"), "f.txt")
    assert (text, encoding) == ("Murieron 13 policías.", "cp1252")


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"Gunmen killed\x00 13 police officers.", "NUL bytes"),
        (PNG, "NUL bytes"),
        (b"\xef\xbb\xbf\x00\x01\x02", "NUL bytes"),
        (b"\xff\xfe\x00\x00\x00\x00\x01\x00", "NUL characters"),
        (b"\xff\xfeA", "broken UTF-16"),
        ((bytes(range(1, 32)) + b"\xfe\xff") * 20, "binary control bytes"),
    ],
    ids=["nul", "png", "utf-8-mark-over-binary", "utf-16-mark-over-binary", "odd-utf-16", "ctl"],
)
def test_bytes_that_are_not_text_are_refused_naming_the_file(raw: bytes, problem: str) -> None:
    with pytest.raises(CorpusError, match=rf"^odd\.txt: .*{problem}"):
        decode(raw, "odd.txt")


def _zip_bytes(tmp_path: pathlib.Path) -> bytes:
    archive = tmp_path / "archive.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("story.txt", "Gunmen killed 13 police officers.")
    return archive.read_bytes()


def test_binary_files_are_skipped_with_a_warning_and_the_rest_is_read(
    tmp_path: pathlib.Path,
) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "good.txt").write_text("Gunmen killed 13 police officers in Aguililla.", "utf-8")
    (articles / "nul.txt").write_bytes(b"Gunmen killed 9 police officers.\x00\x00\x00")
    (articles / "image.txt").write_bytes(PNG)
    (articles / "archive.txt").write_bytes(_zip_bytes(tmp_path))
    out = cli("list-claims", str(articles), "--format", "json")
    assert out.returncode == 0, out.stderr
    assert [c["source"] for c in json.loads(out.stdout) if c["kind"] == "count"] == ["good"]
    lines = out.stderr.splitlines()
    assert len(lines) == 3, out.stderr  # one line per skipped file
    for name in ("nul.txt", "image.txt", "archive.txt"):
        (line,) = [line for line in lines if name in line]
        assert line.startswith("claimcheck: skipped ") and "not a text file" in line
    assert "Traceback" not in out.stderr
    strict = cli("list-claims", str(articles), "--format", "json", "--strict")
    assert strict.returncode == 2
    assert strict.stdout == out.stdout  # strictness changes the status, not what is reported
    assert cli("compare", "--corpus", str(articles), "--strict").returncode == 2


def test_binary_standard_input_is_refused_with_exit_2() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "claimcheck", "list-claims", "-"],
        input=PNG,
        capture_output=True,
        check=False,
    )
    assert out.returncode == 2
    assert b"<stdin>" in out.stderr and b"Traceback" not in out.stderr


# ----------------------------------------------------------------------------- structure


def test_empty_files_are_documents_without_claims(tmp_path: pathlib.Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("\n\n   \n\t\n", "utf-8")
    (tmp_path / "mark-only.txt").write_bytes(b"\xef\xbb\xbf")
    (tmp_path / "wide-mark-only.txt").write_bytes(b"\xff\xfe")
    (tmp_path / "front-matter-only.md").write_text("---\ntitle: Nothing yet\n---\n", "utf-8")
    docs, skipped = read_corpus([tmp_path])
    assert skipped == []
    assert sorted(d.source for d in docs) == [
        "blank",
        "empty",
        "front-matter-only",
        "mark-only",
        "wide-mark-only",
    ]
    assert all(extract_claims(d) == [] for d in docs)
    out = cli("list-claims", str(tmp_path), "--format", "json", "--strict")
    assert (out.returncode, json.loads(out.stdout), out.stderr) == (0, [], "")


MALFORMED_FRONT_MATTER = {
    "bad date": "---\npublished: someday\n---\n",
    "impossible date": "---\npublished: 2021-02-30\n---\n",
    "no colon": "---\ntitle: Ambush\nno colon here\n---\n",
    "yaml list": "---\ntags:\n  - police\n  - ambush\n---\n",
    "empty key": "---\n: value only\n---\n",
    "unclosed": "---\ntitle: Ambush\n",
    "empty": "---\n---\n",
    "crlf": "---\r\ntitle: Ambush\r\npublished: 2019-10-15\r\n---\r\n",
    "mark": "\ufeff---\ntitle: Ambush\n---\n",
    "four dashes": "----\ntitle: x\n----\n",
    "huge line": "---\ntitle: " + "x" * 100_000 + "\n---\n",
    "nested dashes": "---\ntitle: ---\n---\n---\n",
}


@pytest.mark.parametrize("front", MALFORMED_FRONT_MATTER.values(), ids=MALFORMED_FRONT_MATTER)
def test_malformed_front_matter_keeps_the_article(front: str) -> None:
    text = front + "Gunmen killed 13 police officers in Aguililla on Monday.\n"
    doc = parse_document(text, "x")
    assert 0 <= doc.body_start <= len(text) and doc.text == text
    claims = assert_offsets_exact(doc)
    assert [(c.value, c.group) for c in claims if c.slot == "killed"] == [(13, "police")]


def test_front_matter_problems_are_warnings_naming_the_file(tmp_path: pathlib.Path) -> None:
    for name, front in [("date", "bad date"), ("colon", "no colon"), ("list", "yaml list")]:
        body = "Gunmen killed 13 police officers."
        (tmp_path / f"{name}.md").write_text(MALFORMED_FRONT_MATTER[front] + body, "utf-8")
    out = cli("list-claims", str(tmp_path), "--format", "json", "--strict")
    assert out.returncode == 0  # a warning is not a skipped file
    assert len(json.loads(out.stdout)) == 3
    assert "date.md: published date 'someday' is not an ISO date; ignored" in out.stderr
    assert "colon.md: front matter line 3 is not 'key: value'" in out.stderr
    assert "list.md: front matter line 3 is not 'key: value'" in out.stderr


def test_hidden_entries_and_other_suffixes_are_ignored(tmp_path: pathlib.Path) -> None:
    for relative in [".git/HEAD.txt", ".hidden.txt", "drafts/.swap.md", "photo.png", "a/b.md"]:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Gunmen killed 13 police officers.", "utf-8")
    docs, skipped = read_corpus([tmp_path])
    assert ([d.source for d in docs], skipped) == (["b"], [])


def _deep_tree(root: pathlib.Path, depth: int) -> pathlib.Path:
    """root/d/d/.../d (os.makedirs recurses per level, so make it one level at a time)."""
    path = str(root)
    for _ in range(depth):
        path += "/d"
        os.mkdir(path)
    return pathlib.Path(path)


def _remove_deep_tree(root: pathlib.Path, depth: int) -> None:
    paths = [str(root) + "/d" * level for level in range(1, depth + 1)]
    for path in reversed(paths):
        for name in os.listdir(path):
            if not os.path.isdir(os.path.join(path, name)):
                os.remove(os.path.join(path, name))
        os.rmdir(path)


def test_a_very_deep_tree_is_walked(tmp_path: pathlib.Path) -> None:
    depth = 1500  # os.walk on Python 3.11 recurses and fails past ~1,000 levels
    bottom = _deep_tree(tmp_path, depth)
    try:
        (bottom / "deep.txt").write_text("Gunmen killed 13 police officers.", "utf-8")
        (tmp_path / "top.txt").write_text("Gunmen killed 9 soldiers.", "utf-8")
        docs, skipped = read_corpus([tmp_path])
        assert ([d.source for d in docs], skipped) == (["deep", "top"], [])
    finally:
        _remove_deep_tree(tmp_path, depth)


def test_symlink_loops_end_and_each_file_is_read_once(tmp_path: pathlib.Path) -> None:
    for name in ("a", "b", "a/inner"):
        (tmp_path / name).mkdir()
    (tmp_path / "a" / "one.txt").write_text("Gunmen killed 13 police officers.", "utf-8")
    (tmp_path / "b" / "two.txt").write_text("Gunmen killed 9 soldiers.", "utf-8")
    os.symlink(tmp_path / "b", tmp_path / "a" / "to-b")  # a -> b -> a: a loop through two
    os.symlink(tmp_path / "a", tmp_path / "b" / "to-a")
    os.symlink(tmp_path, tmp_path / "a" / "inner" / "to-root")  # back to the root
    os.symlink("self.txt", tmp_path / "self.txt")  # a link to itself
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    began = time.monotonic()
    docs, skipped = read_corpus([tmp_path])
    assert time.monotonic() - began < 10
    assert sorted(d.source for d in docs) == ["one", "two"]
    assert sorted((pathlib.Path(s.path).name, s.problem) for s in skipped) == [
        ("dangling.txt", "broken symbolic link"),
        ("self.txt", "too many levels of symbolic links"),
    ]


def test_the_walk_order_does_not_depend_on_the_listing_order(tmp_path: pathlib.Path) -> None:
    names = ["b/z.txt", "a/y.md", "c.txt", "a/b/x.txt", "B.txt", "a.md"]
    for creation in (names, list(reversed(names))):
        root = tmp_path / str(creation is names)
        for name in creation:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text("x", "utf-8")
        found = [p.relative_to(root).as_posix() for p in corpus.find_files(root)]
        assert found == ["B.txt", "a.md", "a/b/x.txt", "a/y.md", "b/z.txt", "c.txt"]


@pytest.fixture
def unreadable(monkeypatch: pytest.MonkeyPatch) -> Iterator[set[str]]:
    """Paths listed here raise PermissionError when listed or read (the tests run as root)."""
    denied: set[str] = set()
    real_scandir, real_read_bytes = os.scandir, pathlib.Path.read_bytes

    def scandir(path: Any) -> Any:
        if str(path) in denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def read_bytes(self: pathlib.Path) -> bytes:
        if str(self) in denied:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(corpus.os, "scandir", scandir)
    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    yield denied


def test_unreadable_folders_and_files_are_reported_not_fatal(
    tmp_path: pathlib.Path, unreadable: set[str]
) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "hidden-from-us.txt").write_text("Gunmen killed 3 soldiers.", "utf-8")
    (tmp_path / "secret.txt").write_text("Gunmen killed 4 soldiers.", "utf-8")
    (tmp_path / "open.txt").write_text("Gunmen killed 13 police officers.", "utf-8")
    unreadable.update({str(tmp_path / "locked"), str(tmp_path / "secret.txt")})
    docs, skipped = read_corpus([tmp_path])
    assert [d.source for d in docs] == ["open"]
    assert [str(s) for s in skipped] == [
        f"{tmp_path / 'locked'}: cannot read the folder (permission denied)",
        f"{tmp_path / 'secret.txt'}: cannot read the file (permission denied)",
    ]
    unreadable.add(str(tmp_path))
    docs, skipped = read_corpus([tmp_path])
    assert (docs, [s.path for s in skipped]) == ([], [str(tmp_path)])


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads everything")
def test_permission_denied_on_disk_is_reported(tmp_path: pathlib.Path) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "secret.txt").write_text("Gunmen killed 4 soldiers.", "utf-8")
    (tmp_path / "open.txt").write_text("Gunmen killed 13 police officers.", "utf-8")
    os.chmod(tmp_path / "locked", 0)
    os.chmod(tmp_path / "secret.txt", 0)
    try:
        out = cli("list-claims", str(tmp_path), "--format", "json")
        assert out.returncode == 0
        assert "locked: cannot read the folder" in out.stderr
        assert "secret.txt: cannot read the file" in out.stderr
        assert cli("list-claims", str(tmp_path), "--strict").returncode == 2
    finally:
        os.chmod(tmp_path / "locked", 0o755)
        os.chmod(tmp_path / "secret.txt", 0o644)


@pytest.mark.parametrize("command", ["compare", "list-claims", "incidents", "sources"])
def test_a_missing_corpus_exits_2_naming_it(tmp_path: pathlib.Path, command: str) -> None:
    missing = tmp_path / "no such folder"
    out = cli(command, "--corpus", str(missing))
    assert (out.returncode, out.stdout) == (2, "")
    assert str(missing) in out.stderr and "Traceback" not in out.stderr
    assert all(line.startswith("claimcheck: ") for line in out.stderr.splitlines())


def test_a_missing_path_beside_a_good_one_is_reported(tmp_path: pathlib.Path) -> None:
    (tmp_path / "good.txt").write_text("Gunmen killed 13 police officers.", "utf-8")
    missing = tmp_path / "gone"
    out = cli("list-claims", str(tmp_path / "good.txt"), str(missing), "--format", "json")
    assert out.returncode == 0
    assert f"claimcheck: skipped {missing}: no such file or directory" in out.stderr
    assert [c["source"] for c in json.loads(out.stdout)] == ["good"]
    assert cli("list-claims", str(tmp_path / "good.txt"), str(missing), "--strict").returncode == 2


def test_a_broken_link_named_like_text_is_reported_by_the_cli(tmp_path: pathlib.Path) -> None:
    (tmp_path / "good.txt").write_text("Gunmen killed 13 police officers.", "utf-8")
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    out = cli("list-claims", str(tmp_path), "--format", "json", "--strict")
    assert out.returncode == 2 and [c["source"] for c in json.loads(out.stdout)] == ["good"]
    assert f"claimcheck: skipped {tmp_path / 'dangling.txt'}: broken symbolic link\n" in out.stderr


def test_a_corpus_that_is_not_a_folder_or_file_exits_2() -> None:
    out = cli("sources", "--corpus", os.devnull)
    assert out.returncode == 2 and "not a file or directory" in out.stderr


def test_file_names_that_are_not_utf8_do_not_break_the_output(tmp_path: pathlib.Path) -> None:
    name = os.fsdecode(b"caf\xe9.txt")  # a Windows-1252 name unpacked on Linux
    (tmp_path / name).write_text("Gunmen killed 13 police officers.", "utf-8")
    for fmt in ("json", "csv", "table"):
        out = cli("list-claims", str(tmp_path), "--format", fmt, PYTHONIOENCODING="utf-8:strict")
        assert out.returncode == 0, out.stderr
        assert "caf\ufffd" in out.stdout


# ----------------------------------------------------------------------------- hostile text


def _load_benchmark(name: str) -> ModuleType:
    path = ROOT / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"benchmark_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


hostile = _load_benchmark("hostile")
HOSTILE_SIZE = 200_000  # characters of each generated input
KILL_S = 8.0  # CPU seconds after which a job is killed: catastrophic backtracking takes minutes
PARALLEL = 2
# Known to blow the budget; strict, so that the fix shows up as a failure to remove the mark.
KNOWN_SLOW: dict[str, str] = {}
BENCHMARK_ONLY: set[str] = set()


def _measure(name: str, make: Callable[[], int], budget: float, conn: Any) -> None:
    """In a forked child: run `make` with a CPU limit (a runaway is killed, not waited for)."""
    import resource

    signal.signal(signal.SIGXCPU, signal.SIG_DFL)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CPU, (int(budget) + 1, int(budget) + 3))
    began = time.process_time()
    claims = make()
    conn.send((time.process_time() - began, claims))
    conn.close()


def _jobs() -> dict[str, Callable[[], int]]:
    """Each job returns how many claims it yielded."""

    def extraction(case: str) -> Callable[[], int]:
        text = hostile.CASES[case](HOSTILE_SIZE)
        return lambda: hostile.run_case(text)[1]

    def web() -> int:
        hostile.run_containment_web(12)
        return 0

    jobs = {case: extraction(case) for case in hostile.CASES if case not in BENCHMARK_ONLY}
    jobs["containment web"] = web
    return jobs


@pytest.fixture(scope="module")
def hostile_seconds() -> dict[str, tuple[float, int] | None]:
    """CPU seconds and claims of every hostile job (None: killed), two at a time."""
    if not hasattr(os, "fork"):
        pytest.skip("needs fork and resource limits")
    hostile.run_case("warm up: gunmen killed 12 police officers on Monday in El Aguaje.")
    context = multiprocessing.get_context("fork")
    pending = list(_jobs().items())
    running: dict[str, tuple[Any, Any]] = {}
    seconds: dict[str, tuple[float, int] | None] = {}
    deadline = time.monotonic() + 600
    while pending or running:
        while pending and len(running) < PARALLEL:
            name, make = pending.pop(0)
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_measure, args=(name, make, KILL_S, send))
            process.start()
            send.close()
            running[name] = (process, receive)
        sentinels = [process.sentinel for process, _ in running.values()]
        multiprocessing.connection.wait(sentinels, timeout=max(1.0, deadline - time.monotonic()))
        for name, (process, receive) in list(running.items()):
            if process.is_alive() and time.monotonic() < deadline:
                continue
            if process.is_alive():
                process.kill()
            process.join()
            try:
                seconds[name] = receive.recv()
            except EOFError:  # killed at the CPU limit, or it raised
                seconds[name] = None
            del running[name]
    return seconds


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            name,
            marks=[pytest.mark.xfail(reason=KNOWN_SLOW[name], strict=True)]
            if name in KNOWN_SLOW
            else [],
        )
        for name in [*(c for c in hostile.CASES if c not in BENCHMARK_ONLY), "containment web"]
    ],
)
def test_hostile_input_stays_within_its_time_budget(
    hostile_seconds: dict[str, tuple[float, int] | None], name: str
) -> None:
    """Three times the benchmark's budget (2 s/MB + 100 µs per claim), at least 1 CPU second:
    slack for a loaded machine, still far under what a quadratic or backtracking rule takes
    (dense number words took 1.4 s here before sentences without a count cue were skipped)."""
    measured = hostile_seconds[name]
    assert measured is not None, f"{name}: killed after {KILL_S} CPU seconds"
    spent, claims = measured
    allowed = max(1.0, 3 * hostile.budget(HOSTILE_SIZE / 1_000_000, claims))
    assert spent <= allowed, (
        f"{name}: {spent:.2f} CPU seconds for {HOSTILE_SIZE:,} characters and {claims} claims "
        f"(allowed {allowed:.2f})"
    )


def test_nearly_zero_is_a_valid_interval() -> None:
    claims = extract_claims(parse_document("Nearly 0 soldiers were killed.", "x"))
    assert all(c.low <= c.high for c in claims if c.low is not None and c.high is not None)


# ----------------------------------------------------------------------------- fuzz

fuzz = _load_benchmark("fuzz")


def test_fuzz_smoke() -> None:
    report = fuzz.fuzz(count=250, seed=2, workers=1)
    assert report.documents == 250 and report.claims > 0 and report.batches > 0
    assert report.failures == []


@pytest.mark.slow
def test_fuzz_100k_documents() -> None:
    script = ROOT / "benchmarks" / "fuzz.py"
    out = subprocess.run(
        [sys.executable, str(script), "--count", "100000", "--workers", "2"],
        capture_output=True,
        text=True,
        check=False,
    )
    print(out.stdout)
    assert "documents: 100000 " in out.stdout
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-4000:]
