"""`citeproof verify` end to end: exit codes, stdout/stderr separation, the sample."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from online_payloads import crossref_single, crossref_work

from citeproof.cli import main

ROOT = Path(__file__).resolve().parents[2]
BIB = """@article{smith2020,
  author  = {Smith, Jane},
  title   = {Measuring citation accuracy in policy articles},
  journal = {Journal of Testing},
  year    = {2020},
  doi     = {10.1234/jt.2020.001},
}

@online{gray2024,
  author = {Gray, Andrew},
  title  = {Dutch {PM} {Rutte} in strong position},
  year   = {2024},
}
"""


@pytest.fixture
def project(server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "article.txt").write_text("As Smith (2020) showed, it works.\n", encoding="utf-8")
    (tmp_path / "citeproof.toml").write_text(
        f"""
articles = ["article.txt"]
bib = "refs.bib"
cache-dir = "{tmp_path / "cache"}"

[online]
crossref-url = "{server.url_for("/crossref")}"
openalex-url = "{server.url_for("/openalex")}"
doi-url = "{server.url_for("/doi")}"
backoff = 0.01
timeout = 1.0
""",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def serve(server, year: int) -> None:
    server.expect_request("/crossref/works/10.1234/jt.2020.001").respond_with_json(
        crossref_single(
            crossref_work(
                "10.1234/jt.2020.001", "Measuring citation accuracy in policy articles", year=year
            )
        )
    )


def test_json_on_stdout_only_and_exit_1_on_error(server, project, capsys) -> None:
    serve(server, year=2021)
    assert main(["verify", "--format", "json", "--mailto", "cli@example.org"]) == 1
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert [e["status"] for e in data["entries"]] == ["mismatch", "skipped"]
    assert {d["code"] for d in data["diagnostics"]} == {"CP501", "CP507"}
    assert data["summary"]["errors"] == 1 and data["summary"]["requests"] == 1
    assert "{" not in err
    assert server.log[0][0].args["mailto"] == "cli@example.org"


def test_text_table_and_exit_0(server, project, capsys) -> None:
    serve(server, year=2020)
    assert main(["verify", "refs.bib"]) == 0
    out, _ = capsys.readouterr()
    assert "smith2020" in out and "verified" in out and "no identifier to verify" in out


def test_cited_only_and_offline(server, project, capsys) -> None:
    serve(server, year=2020)
    assert main(["verify", "--cited-only", "--format", "json"]) == 0
    assert [e["key"] for e in json.loads(capsys.readouterr().out)["entries"]] == ["smith2020"]
    sent = len(server.log)
    assert main(["verify", "--offline", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(server.log) == sent and data["summary"]["requests"] == 0
    assert data["entries"][0]["status"] == "verified"  # answered from the cache


def test_no_cache_asks_again(server, project, capsys) -> None:
    serve(server, year=2020)
    assert main(["verify", "--no-cache"]) == 0
    assert main(["verify", "--no-cache"]) == 0
    assert len(server.log) == 2


def test_bad_online_setting_is_exit_2(project, capsys) -> None:
    assert main(["verify", "--timeout", "0"]) == 2


def test_sample_without_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    sample = ROOT / "references.bib"
    if not sample.is_file():
        pytest.skip("the sample references.bib is absent")
    for name in ("CROSSREF", "OPENALEX", "DOI"):
        monkeypatch.setenv(f"CITEPROOF_{name}_URL", f"http://{name.lower()}.invalid")
    monkeypatch.chdir(tmp_path)
    assert main(["verify", str(sample), "--cache-dir", str(tmp_path / "c")]) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    rows = [line for line in out.splitlines()[1:] if line and line.split()[0].islower()]
    table = out.split("\n\n", 1)[0]
    assert " verified " not in table and "mismatch " not in table.split("\n", 1)[1]
    assert rows
