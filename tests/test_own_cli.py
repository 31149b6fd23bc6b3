"""`studybot bank upload|list|export --db`: a server's uploaded banks from the shell."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample_banks import OUR_NOTES

from bot.cli import main


def test_upload_list_and_export_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "s.db")
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    (bundled / "b.yaml").write_text(
        OUR_NOTES.replace("our-notes", "bundled").replace("n-01", "b-01"), "utf-8"
    )
    source = tmp_path / "notes.yaml"
    source.write_text(OUR_NOTES, encoding="utf-8")
    assert main(["bank", "upload", str(source), "--guild", "5", "--db", db, "--bank", str(bundled)]) == 0
    assert "stored bank our-notes (1 question) for server 5" in capsys.readouterr().out
    assert main(["bank", "list", "--db", db]) == 0
    assert capsys.readouterr().out.startswith("5\tour-notes\t1 question\t")
    out = tmp_path / "back.yaml"
    assert main(["bank", "export", "our-notes", "--guild", "5", "-o", str(out), "--db", db]) == 0
    assert out.read_text(encoding="utf-8") == OUR_NOTES
    assert main(["bank", "export", "our-notes", "--guild", "6", "--db", db]) == 1
    clash = tmp_path / "clash.yaml"
    clash.write_text(OUR_NOTES.replace("our-notes", "bundled"), encoding="utf-8")
    assert main(["bank", "upload", str(clash), "--guild", "5", "--db", db, "--bank", str(bundled)]) == 1
    assert "already a bank" in capsys.readouterr().err


@pytest.mark.parametrize("guild", ["-5", "0", "99999999999999999999999", "abc"])
def test_a_guild_that_is_no_server_id_is_refused(
    guild: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "notes.yaml"
    source.write_text(OUR_NOTES, encoding="utf-8")
    db = str(tmp_path / "s.db")
    with pytest.raises(SystemExit) as exit_:
        main(["bank", "upload", str(source), "--guild", guild, "--db", db])
    assert exit_.value.code == 2
    assert "is not a server id" in capsys.readouterr().err
    assert not Path(db).exists()


def test_a_file_too_big_is_refused_before_it_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as fh:
        fh.truncate(2 * 1024 * 1024)  # sparse: the size is what counts
    read = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or b"")
    assert main(["bank", "upload", str(big), "--guild", "5", "--db", str(tmp_path / "s.db")]) == 1
    assert "at most 1024 KB" in capsys.readouterr().err
    assert big not in read


def test_export_never_replaces_a_file_unasked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "s.db")
    source = tmp_path / "notes.yaml"
    source.write_text(OUR_NOTES, encoding="utf-8")
    assert main(["bank", "upload", str(source), "--guild", "5", "--db", db]) == 0
    edited = tmp_path / "edited.yaml"
    edited.write_text("my edits since", encoding="utf-8")
    assert main(["bank", "export", "our-notes", "--guild", "5", "-o", str(edited), "--db", db]) == 1
    assert "already exists; choose another file or add --force" in capsys.readouterr().err
    assert edited.read_text(encoding="utf-8") == "my edits since"
    assert (
        main(["bank", "export", "our-notes", "--guild", "5", "-o", str(edited), "--db", db, "--force"]) == 0
    )
    assert edited.read_text(encoding="utf-8") == OUR_NOTES
