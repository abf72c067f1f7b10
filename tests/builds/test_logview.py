"""The log as HTML: ANSI colours as classes, escaping, groups, and continuing a shown log."""

from __future__ import annotations

from dashboard.builds.logview import (
    ROOT_ID,
    LogCursor,
    ansi_to_html,
    render_entries,
    strip_ansi,
    text_lines,
)
from dashboard.quay.builds import LogEntry


def out(text: str) -> LogEntry:
    return LogEntry(message=text, datetime="2026-11-26 18:55:17.719423")


def phase(name: str) -> LogEntry:
    return LogEntry(message=name, type="phase", datetime="2026-11-26 18:55:17.719423")


def command(text: str) -> LogEntry:
    return LogEntry(message=text, type="command")


def test_ansi_colours_become_classes_never_styles() -> None:
    html = ansi_to_html("\x1b[1;31mfailed\x1b[0m and \x1b[92mok\x1b[39m plain")

    assert html == (
        '<span class="ansi-fg1 ansi-bold">failed</span> and <span class="ansi-fg10">ok</span> plain'
    )
    assert "style" not in html


def test_text_from_quay_is_escaped_inside_and_outside_colours() -> None:
    html = ansi_to_html('<script>alert(1)</script>\x1b[33m<img src=x onerror="y">')

    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and '<span class="ansi-fg3">&lt;img' in html


def test_other_escapes_and_control_characters_are_dropped() -> None:
    assert ansi_to_html("a\x1b[2Kb\x07c\x1b]0;title") == "abc0;title"
    assert ansi_to_html("\x1b[38;5;9mred\x1b[38;2;1;2;3m still") == (
        '<span class="ansi-fg9">red</span><span class="ansi-fg9"> still</span>'
    )
    assert strip_ansi("\x1b[91mred\x1b[0m") == "red"


def test_entries_group_under_phases_and_commands() -> None:
    entries = [out("before"), phase("building"), command("Step 1"), out("one"), phase("pushing")]

    rendered = render_entries(entries, LogCursor())

    html = rendered.html_for(ROOT_ID)
    assert [target for target, _ in rendered.appends] == [ROOT_ID]
    assert html.index('id="L1"') < html.index('class="log-phase log-phase-building"')
    command_at = html.index('class="log-command"')
    assert html.index('id="log-1-body"') < command_at < html.index('id="L4"')
    assert rendered.phase == "pushing"
    assert rendered.cursor == LogCursor(5, "log-4-body", "log-4-body")
    assert rendered.count == 5


def test_a_poll_continues_the_open_groups_and_numbers_lines_on() -> None:
    shown = render_entries([phase("building"), command("Step 1"), out("a")], LogCursor())

    more = render_entries([out("b"), command("Step 2"), out("c")], shown.cursor)

    # "b" continues Step 1's body; Step 2 goes into the building phase, with "c" inside it.
    assert [target for target, _ in more.appends] == ["log-1-body", "log-0-body"]
    assert 'id="L4"' in more.html_for("log-1-body") and "b</span>" in more.html_for("log-1-body")
    step2 = more.html_for("log-0-body")
    assert step2.startswith('<details class="log-command" id="L5"') and 'id="L6"' in step2
    assert more.phase is None
    assert more.cursor == LogCursor(6, "log-0-body", "log-4-body")


def test_errors_are_highlighted() -> None:
    error = LogEntry(message="exit code 2", type="error")
    html = render_entries([error], LogCursor()).html_for(ROOT_ID)
    assert 'class="log-line log-error"' in html and "Error:" in html


def test_a_cursor_from_a_query_string_accepts_only_group_ids() -> None:
    assert LogCursor.parse("12", "log-3-body", "log-7-body") == LogCursor(
        12, "log-3-body", "log-7-body"
    )
    assert LogCursor.parse("x", '"><script>', "body") == LogCursor(0, "", ROOT_ID)
    assert LogCursor.parse("-4", None, None) == LogCursor(0, "", ROOT_ID)


def test_the_text_download_marks_phases_commands_and_errors() -> None:
    lines = list(
        text_lines(
            [phase("building"), command("\x1b[1mStep 1"), out("\x1b[32mok"),
             LogEntry(message="bad", type="error")],
            timestamps=True,
        )
    )  # fmt: skip

    assert lines == [
        "[2026-11-26 18:55:17.719423] --- Building (building) ---\n",
        "» Step 1\n",
        "[2026-11-26 18:55:17.719423] ok\n",
        "ERROR: bad\n",
    ]
