"""Compile the extractor's word patterns so that a search skips straight to where a match can start.

Most of our patterns read ``(?<![\\w])(?:word|other word|...)``: a word boundary, then a long
alternation. ``re`` can only skip ahead quickly when a pattern starts with a literal or a character
class; a leading lookbehind makes it try the whole alternation at every position of the text.
``compile_words`` rewrites the parsed pattern into an equivalent one that starts with the set of
characters a match can begin with, and puts the boundary check right after that first character:

    (?<![\\w])(?:[وب]?ندوه|ورشه)   ->   (?:و(?<!\\wو)(?:ندوه|رشه)|ب(?<!\\wب)ندوه|ن(?<!\\wن)دوه)

The rewritten pattern finds exactly the same matches, groups and all (tests compare the two on the
labelled corpus and on random text). When a pattern has a shape the rewrite does not handle, it is
compiled as written: slower, never different. Shapes it handles: a leading one-character negative
lookbehind, optional parts, groups and alternations, small character classes, greedy repeats, and a
capturing group that opens the whole pattern. A capturing group that opens one alternative cannot be
kept: write the alternative without it and put an empty group where it ended, ``(?:...)(?P<end>)``.
"""

from __future__ import annotations

import re
from re import _compiler, _constants as _c, _parser  # the stdlib's own parser and compiler

__all__ = ["compile_words", "COMPILED"]

# Every pattern compiled here: (compiled, source, flags, rewritten), for the equivalence tests.
COMPILED: list[tuple[re.Pattern, str, int, bool]] = []

_MAX_ALTERNATIVES = 4000  # beyond this the rewritten pattern would be large for little gain


class _Unsupported(Exception):
    """The pattern has a shape the rewrite leaves alone."""


def compile_words(source: str, flags: int = 0) -> re.Pattern:
    """``re.compile(source, flags)``, rewritten to start with a first-character set when possible."""
    try:
        compiled, rewritten = _compiler.compile(_rewrite(_parser.parse(source, flags)), flags), True
    except (_Unsupported, re.error, RecursionError):
        compiled, rewritten = re.compile(source, flags), False
    COMPILED.append((compiled, source, flags, rewritten))
    return compiled


def _lookbehind_body(item) -> list | None:
    """The one-character body of a negative lookbehind such as (?<![\\w]) or (?<![\\d:/.]), else None."""
    op, av = item
    if op is not _c.ASSERT_NOT or av[0] != -1:
        return None
    body = list(av[1].data)
    if len(body) != 1 or body[0][0] not in (_c.IN, _c.LITERAL):
        return None
    return body


def _rewrite(parsed):
    state = parsed.state
    if state.flags & re.IGNORECASE:
        raise _Unsupported("case-insensitive")
    items = list(parsed.data)
    behind = _lookbehind_body(items[0]) if items else None
    head = items[1:] if behind is not None else items
    if head and head[0][0] is _c.SUBPATTERN and head[0][1][0] is not None:
        # A capturing group opens the pattern (after its lookbehind, if any): rewrite inside the group,
        # so that the group still starts where the match does.
        group, add, remove, body = head[0][1]
        inner = _grouped(state, _expand(list(body.data), behind))
        return _parser.SubPattern(state, [(_c.SUBPATTERN, (group, add, remove, inner))] + head[1:])
    return _grouped(state, _expand(items))


_Alternative = tuple  # (lookbehind body to check before the first character or None, items)


def _expand(items: list, behind: list | None = None) -> list[_Alternative]:
    """The alternatives ``items`` can match, each starting with one literal character."""
    out: list[_Alternative] = []
    pending: list[_Alternative] = [(behind, items)]
    while pending:
        behind, seq = pending.pop(0)
        if not seq:
            raise _Unsupported("an alternative can match the empty string")
        op, av = seq[0]
        rest = seq[1:]
        body = _lookbehind_body(seq[0])
        if op is _c.LITERAL:
            out.append((behind, seq))
            continue
        if body is not None:
            if behind is not None:
                raise _Unsupported("two lookbehinds")
            new = [(body, rest)]
        elif op is _c.IN:
            new = [(behind, [(_c.LITERAL, ch)] + rest) for ch in _characters(av)]
        elif op is _c.MAX_REPEAT:
            # greedy: X{lo,hi} is X X{lo-1,hi-1}, and when lo is 0 it may also be nothing (tried last)
            lo, hi, body_pattern = av
            again = [] if hi == 1 else [(_c.MAX_REPEAT, (max(lo - 1, 0), hi if hi is _c.MAXREPEAT else hi - 1, body_pattern))]
            new = [(behind, list(body_pattern.data) + again + rest)] + ([(behind, rest)] if lo == 0 else [])
        elif op is _c.SUBPATTERN and av[0] is None and not av[1] and not av[2]:
            new = [(behind, list(av[3].data) + rest)]
        elif op is _c.BRANCH:
            new = [(behind, list(branch.data) + rest) for branch in av[1]]
        else:
            raise _Unsupported(str(op))
        pending[0:0] = new
        if len(out) + len(pending) > _MAX_ALTERNATIVES:
            raise _Unsupported("too many alternatives")
    return out


def _characters(charset) -> list[int]:
    """The characters of a small, positive character class, in class order."""
    chars: list[int] = []
    for kind, value in charset:
        if kind is _c.LITERAL:
            chars.append(value)
        elif kind is _c.RANGE and value[1] - value[0] < 64:
            chars.extend(range(value[0], value[1] + 1))
        else:
            raise _Unsupported(f"character class with {kind}")
    if len(chars) > 64:
        raise _Unsupported("large character class")
    return list(dict.fromkeys(chars))


def _grouped(state, alternatives: list[_Alternative]):
    """One branch per first character, in first-seen order; order within a branch is kept.

    A lookbehind that stood before the first character is checked right after it, widened by
    that character: (?<![\\w])x  ==  x(?<![\\w]x).
    """
    by_first: dict[int, list[tuple]] = {}
    for behind, alt in alternatives:
        by_first.setdefault(alt[0][1], []).append((behind, list(alt[1:])))
    branches = []
    for first, entries in by_first.items():
        head = [(_c.LITERAL, first)]
        behinds = {repr(behind) for behind, _ in entries}
        if len(behinds) == 1:  # one check for the whole branch, so each tail keeps its quick literal test
            behind = entries[0][0]
            if behind is not None:
                head.append(_check(state, behind, first))
            tails = [tail for _, tail in entries]
        else:
            tails = [([_check(state, behind, first)] if behind is not None else []) + tail for behind, tail in entries]
        if len(tails) == 1:
            body = head + tails[0]
        else:
            body = head + [(_c.BRANCH, (None, [_parser.SubPattern(state, t) for t in tails]))]
        branches.append(_parser.SubPattern(state, body))
    if len(branches) == 1:
        return branches[0]
    return _parser.SubPattern(state, [(_c.BRANCH, (None, branches))])


def _check(state, behind: list, first: int):
    return (_c.ASSERT_NOT, (-1, _parser.SubPattern(state, behind + [(_c.LITERAL, first)])))
