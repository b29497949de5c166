"""The catalogues cover every marked string: present in both, translated in English."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set[str]:
    """Extract the marked strings of the code and templates as they are now."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "--no-location", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with pot.open("rb") as handle:
        return {message.id if isinstance(message.id, str) else message.id[0]
                for message in read_po(handle) if message.id}


def catalogue(lang: str):
    with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


def _ids(messages) -> dict[str, object]:
    return {(m.id if isinstance(m.id, str) else m.id[0]): m for m in messages if m.id}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_marked_string_is_in_the_catalogue(extracted, lang):
    missing = sorted(extracted - set(_ids(catalogue(lang))))
    assert missing == [], f"run scripts/translations update; missing in {lang}: {missing[:20]}"


def test_every_string_is_translated_into_english(extracted):
    messages = _ids(catalogue("en"))
    untranslated = sorted(
        msgid for msgid in extracted if msgid in messages and (
            not messages[msgid].string or messages[msgid].fuzzy
            or (isinstance(messages[msgid].string, tuple) and not all(messages[msgid].string))
        )
    )
    assert untranslated == [], f"{len(untranslated)} untranslated: {untranslated[:20]}"
