"""Emoji shortcodes (``:tada:``) and text smileys (``:)``) as Unicode emoji.

As the old build's markdown-it-emoji did: the names come from GitHub's gemoji (the
index pymdown-extensions bundles), the smileys from markdown-it-emoji's own table.
At each position the longest known name or smiley wins; a smiley only counts between
spaces, punctuation or the ends of the text (no ``:/`` inside ``http://``); an
unknown ``:word:`` stays as written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from pymdownx import gemoji_db  # type: ignore[import-untyped]

SMILEYS: dict[str, tuple[str, ...]] = {
    "angry": (">:(", ">:-("),
    "blush": (':")', ':-")'),
    "broken_heart": ("</3", "<\\3"),
    "confused": (":/", ":-/"),
    "cry": (":'(", ":'-(", ":,(", ":,-("),
    "frowning": (":(", ":-("),
    "heart": ("<3",),
    "imp": ("]:(", "]:-("),
    "innocent": ("o:)", "O:)", "o:-)", "O:-)", "0:)", "0:-)"),
    "joy": (":')", ":'-)", ":,)", ":,-)", ":'D", ":'-D", ":,D", ":,-D"),
    "kissing": (":*", ":-*"),
    "laughing": ("x-)", "X-)"),
    "neutral_face": (":|", ":-|"),
    "open_mouth": (":o", ":-o", ":O", ":-O"),
    "rage": (":@", ":-@"),
    "smile": (":D", ":-D"),
    "smiley": (":)", ":-)"),
    "smiling_imp": ("]:)", "]:-)"),
    "sob": (":,'(", ":,'-(", ";(", ";-("),
    "stuck_out_tongue": (":P", ":-P"),
    "sunglasses": ("8-)", "B-)"),
    "sweat": (",:(", ",:-("),
    "sweat_smile": (",:)", ",:-)"),
    "unamused": (":s", ":-S", ":z", ":-Z", ":$", ":-$"),
    "wink": (";)", ";-)"),
}
"""markdown-it-emoji's shortcuts: emoji name → the smileys that write it."""


def _unicode(code_points: str) -> str:
    return "".join(chr(int(point, 16)) for point in code_points.split("-"))


def _gemoji() -> dict[str, str]:
    """Shortcode name (no colons) → emoji, aliases included."""
    emoji: dict[str, str] = {}
    for shortcode, entry in gemoji_db.emoji.items():
        emoji[shortcode.strip(":")] = _unicode(entry.get("unicode_alt", entry["unicode"]))
    for alias, shortcode in gemoji_db.aliases.items():
        emoji[alias.strip(":")] = emoji[shortcode.strip(":")]
    return emoji


EMOJI = _gemoji()
_BY_SMILEY = {smiley: EMOJI[name] for name, smileys in SMILEYS.items() for smiley in smileys}
_SMILEY = re.compile("|".join(re.escape(s) for s in sorted(_BY_SMILEY, key=len, reverse=True)))
_SHORTCODE = re.compile(r":[+\-\w]+:", re.ASCII)
_START = re.compile("[" + re.escape("".join({s[0] for s in _BY_SMILEY} | {":"})) + "]")


def _is_boundary(char: str) -> bool:
    """Space, punctuation or a control character (markdown-it-emoji's ``ZPCc``)."""
    category = unicodedata.category(char)
    return category[0] in "ZP" or category == "Cc"


def split(text: str) -> Iterator[tuple[str, bool]]:
    """Cut ``text`` into pieces, each ``(piece, is_emoji)``; emoji come as Unicode."""
    plain_from = 0
    pos = 0
    while (start := _START.search(text, pos)) is not None:
        pos = start.start()
        shortcode = _SHORTCODE.match(text, pos)
        smiley = _SMILEY.match(text, pos)
        if shortcode is not None and shortcode.group()[1:-1] not in EMOJI:
            shortcode = None
        if shortcode is not None and (smiley is None or shortcode.end() >= smiley.end()):
            emoji, end = EMOJI[shortcode.group()[1:-1]], shortcode.end()
        elif smiley is not None:
            end = smiley.end()
            before_ok = pos == 0 or _is_boundary(text[pos - 1])
            after_ok = end == len(text) or _is_boundary(text[end])
            if not (before_ok and after_ok):
                pos = end  # markdown-it-emoji consumed a refused smiley as text
                continue
            emoji = _BY_SMILEY[smiley.group()]
        else:
            pos += 1
            continue
        if plain_from < pos:
            yield text[plain_from:pos], False
        yield emoji, True
        plain_from = pos = end
    if plain_from < len(text):
        yield text[plain_from:], False
