"""The console chat driven through stdin in a subprocess, as a newcomer or a script would use it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def console(tmp_path: Path, stdin: str | bytes, *args: str, db: str = "newsbot.db") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_TOKEN")}
    env.update({"NEWSBOT_DATABASE": str(tmp_path / db), "HOME": str(tmp_path)})
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "console", *args], input=data, capture_output=True, cwd=tmp_path, env=env, timeout=120
    )
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())


def test_scripted_session_on_the_seed(tmp_path):
    proc = console(tmp_path, "/latest\n/search سوتشي\n/article 1\n/help\n")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "#1 يتطلع بوتين" in out  # /latest shows the seed headline with its id
    assert "31 أكتوبر 2022" in out  # Arabic date from Babel
    assert "مدينة سوتشي" in out  # search snippet from the original text
    assert "/search" in out and "/latest" in out  # help lists commands
    assert "Traceback" not in proc.stderr


def test_unknown_command_suggests_the_closest(tmp_path):
    proc = console(tmp_path, "/lates\n/lang en\n/serch x\n")
    assert "/latest" in proc.stdout
    assert "Did you mean /search" in proc.stdout


def test_bad_input_gets_clear_messages(tmp_path):
    proc = console(tmp_path, '/article abc\n/article 999\n/latest 0\n/search "*(\n/search\n/lang xx\nhello\n')
    out = proc.stdout
    assert "ليس رقم مقال" in out
    assert "لا يوجد مقال برقم 999" in out
    assert "من 1 إلى 20" in out
    assert "لم أجد كلمات للبحث" in out
    assert "اكتب ما تبحث عنه" in out
    assert "/lang ar" in out
    assert "تبدأ بـ/" in out  # plain text from a non-admin
    assert proc.returncode == 0 and "Traceback" not in proc.stderr


def test_admin_pastes_an_article_then_reads_it(tmp_path):
    text = (
        "Central bank raises interest rates\n"
        "The central bank raised its main rate by half a point on Tuesday, citing persistent inflation.\n"
        "Markets had expected the move after prices rose for the sixth month in a row.\n"
        "\n/latest 1\n"
    )
    proc = console(tmp_path, text, "--admin")
    assert proc.returncode == 0, proc.stderr
    assert "حُفظ المقال #2" in proc.stdout
    assert "#2 Central bank raises interest rates" in proc.stdout
    again = console(tmp_path, text, "--admin")
    assert "محفوظ من قبل برقم #2" in again.stdout


def test_non_utf8_input_does_not_crash(tmp_path):
    proc = console(tmp_path, b"/latest\n\xff\xfe\xfa garbage\n/help\n")
    assert proc.returncode == 0
    assert "Traceback" not in proc.stderr
