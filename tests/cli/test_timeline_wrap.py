"""Timeline titles are wrapped by ``textwrap`` when plain ASCII: it must break where Rich would."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from dealtrack.render.timeline import _wrap

EXAMPLES = int(os.environ.get("DEALTRACK_FUZZ_EXAMPLES", "150"))
words = st.text(alphabet="abcdefghij-,.'()0123456789", min_size=1, max_size=30)


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(st.lists(words, min_size=1, max_size=14) | st.text(alphabet="ab -", max_size=60),
       st.integers(8, 60))
def test_plain_titles_wrap_as_rich_wraps_them(title_words, width):
    title = title_words if isinstance(title_words, str) else " ".join(title_words)
    console = Console(width=200, color_system=None)
    from rich.text import Text

    by_rich = [line.plain.rstrip() for line in Text(title).wrap(console, width, overflow="fold")]
    assert _wrap(title, width, console) == by_rich


def test_wide_characters_are_wrapped_by_their_width_on_screen():
    console = Console(width=200, color_system=None)
    lines = _wrap("中国 巴基斯坦 经济走廊 矿产 合作 协议", 8, console)
    assert all(sum(2 if ord(c) > 0x2E80 else 1 for c in line.plain) <= 8 for line in lines)
