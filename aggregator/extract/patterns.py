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

Rewritten or not, a scan still costs about the same at every position of the text, and most of these
patterns find nothing in most announcements. So ``compile_words`` also reads off the pattern a few
strings one of which every match must contain (``needles``, as a prefilter does); when there are few
and none is in the text, the text is not scanned at all (``Prefiltered``). A pattern with no such
short list is returned as the plain compiled pattern.
"""

from __future__ import annotations

import re
from re import _compiler, _constants as _c, _parser  # the stdlib's own parser and compiler

__all__ = ["compile_words", "COMPILED", "Prefiltered", "needles"]

# Every pattern compiled here: (compiled, source, flags, rewritten), for the equivalence tests.
COMPILED: list[tuple[re.Pattern, str, int, bool]] = []

_MAX_ALTERNATIVES = 4000  # beyond this the rewritten pattern would be large for little gain
# A needle test (`in`) costs about a thirtieth of a scan; with more needles than this, testing them all
# costs more than a third of the scan it may save.
_MAX_NEEDLES = 36
_MIN_NEEDLE = 3  # shorter needles ("ال", "to") are in nearly every text...
_COMMON_MARKS = frozenset(".,،:;-'")  # ...and so are these marks, unlike "/", "+", "(" or quotes
_MAX_EXACT = 16  # strings kept when spelling out what a run of the pattern can match


class _Unsupported(Exception):
    """The pattern has a shape the rewrite leaves alone."""


def compile_words(source: str, flags: int = 0) -> re.Pattern:
    """``re.compile(source, flags)``, rewritten to start with a first-character set when possible,
    behind a needle prefilter when the pattern has a short list of needles."""
    try:
        compiled, rewritten = _compiler.compile(_rewrite(_parser.parse(source, flags)), flags), True
    except (_Unsupported, re.error, RecursionError):
        compiled, rewritten = re.compile(source, flags), False
    found = needles(source, flags)
    if found is not None and len(found) <= _MAX_NEEDLES and all(map(_rare, found)):
        compiled = Prefiltered(compiled, found)
    COMPILED.append((compiled, source, flags, rewritten))
    return compiled


def _rare(needle: str) -> bool:
    """Whether a needle is missing from enough texts to be worth testing for."""
    if len(needle) >= _MIN_NEEDLE:
        return True
    return not any(ch.isalnum() or ch.isspace() or ch in _COMMON_MARKS for ch in needle)


class Prefiltered:
    """A compiled pattern that skips the scan of a whole text holding none of its needles.

    Same methods and results as the ``re.Pattern`` it wraps. A call with a start or end position
    goes straight to the pattern (it reads a window, and the window's own needles are not known).
    """

    __slots__ = ("compiled", "needles")

    def __init__(self, compiled: re.Pattern, needles: tuple[str, ...]):
        self.compiled = compiled
        self.needles = needles

    def _absent(self, text: str) -> bool:
        for needle in self.needles:
            if needle in text:
                return False
        return True

    def search(self, string, *window):
        return None if not window and self._absent(string) else self.compiled.search(string, *window)

    def match(self, string, *window):
        return None if not window and self._absent(string) else self.compiled.match(string, *window)

    def fullmatch(self, string, *window):
        return None if not window and self._absent(string) else self.compiled.fullmatch(string, *window)

    def finditer(self, string, *window):
        return iter(()) if not window and self._absent(string) else self.compiled.finditer(string, *window)

    def findall(self, string, *window):
        return [] if not window and self._absent(string) else self.compiled.findall(string, *window)

    def sub(self, repl, string, count=0):
        return string if self._absent(string) else self.compiled.sub(repl, string, count)

    def __getattr__(self, name):  # pattern, flags, groupindex, split, ...: as the pattern has them
        return getattr(self.compiled, name)

    def __repr__(self) -> str:
        return f"Prefiltered({self.compiled!r}, needles={self.needles!r})"


def needles(source: str, flags: int = 0) -> tuple[str, ...] | None:
    """Strings one of which every match of the pattern contains, or None when none can be named.

    Read off the parsed pattern: a run of literal characters (and small classes, optional parts and
    alternations of them, spelled out) must appear whole; an alternation needs one needle from each
    alternative; of a sequence, the element with the longest and fewest needles is kept.
    """
    if flags & (re.IGNORECASE | re.VERBOSE):  # case folding: a literal matches more than itself
        return None
    try:
        found = _required(list(_parser.parse(source, flags).data))
    except (re.error, RecursionError):
        return None
    return tuple(sorted(found)) if found else None


def _fewest(strings: set[str]) -> set[str]:
    """The same test with fewer needles: a text holding "annulee" holds "annule" too."""
    return {s for s in strings if not any(o != s and o in s for o in strings)}


def _exact(item) -> set[str] | None:
    """Every string the item can match, when they are few; None otherwise."""
    op, av = item
    if op is _c.LITERAL:
        return {chr(av)}
    if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
        return {""}  # consumes nothing: what comes before and after stays adjacent
    if op is _c.IN:
        if not all(kind is _c.LITERAL for kind, _ in av) or len(av) > _MAX_EXACT:
            return None
        return {chr(value) for _, value in av}
    if op is _c.SUBPATTERN:
        return _exact_sequence(list(av[3].data))
    if op is _c.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            strings = _exact_sequence(list(branch.data))
            if strings is None:
                return None
            out |= strings
        return out if len(out) <= _MAX_EXACT else None
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] == 0 and av[1] == 1:
        strings = _exact_sequence(list(av[2].data))
        return None if strings is None else strings | {""}
    return None


def _exact_sequence(items: list) -> set[str] | None:
    out = {""}
    for item in items:
        strings = _exact(item)
        if strings is None:
            return None
        out = {a + b for a in out for b in strings}
        if len(out) > _MAX_EXACT:
            return None
    return out


def _required(items: list) -> set[str] | None:
    """Needles of a sequence: runs of exactly known strings, or the needles of one mandatory element."""
    candidates: list[set[str]] = []
    run = {""}
    for item in items:
        strings = _exact(item)
        if strings is not None:
            longer = {a + b for a in run for b in strings}
            if len(longer) <= _MAX_EXACT:
                run = longer
                continue
            candidates.append(run)
            run = strings
            continue
        candidates.append(run)
        run = {""}
        op, av = item
        if op is _c.SUBPATTERN:
            candidates.append(_required(list(av[3].data)))
        elif op is _c.BRANCH:
            parts = [_required(list(branch.data)) for branch in av[1]]
            candidates.append(None if any(p is None for p in parts) else _fewest(set().union(*parts)))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
            candidates.append(_required(list(av[2].data)))
    candidates.append(run)
    usable = [_fewest(c) for c in candidates if c and "" not in c]
    if not usable:
        return None
    # The set a text most likely lacks: rare needles only if possible, then the fewest and longest
    # (a needle one letter longer is taken to be half as likely). On a tie the later element wins:
    # in "علي مدي", "تقديم الطلبات" the first word is the common one.
    return max(reversed(usable), key=lambda c: (all(map(_rare, c)), -sum(2.0 ** -len(n) for n in c)))


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
        branches.append(_parser.SubPattern(state, head + _factored(state, tails)))
    if len(branches) == 1:
        return branches[0]
    return _parser.SubPattern(state, [(_c.BRANCH, (None, branches))])


def _factored(state, tails: list[list]) -> list:
    """The alternation of ``tails`` as items, with the literal characters they start with shared.

    ``re`` tries the alternatives of a branch one by one: the forty tails after "ا" in a word list
    cost forty tests at every "ا" of the text. Factored into a tree of characters they cost a few.
    Tails that start with different characters exclude each other, so grouping neighbours by their
    first character keeps the order in which the ones that can match are tried; a tail that does not
    start with a literal could match anything, and no tail is moved across it.
    """
    if len(tails) == 1:
        return tails[0]
    branches: list[list] = []
    i = 0
    while i < len(tails):
        if not (tails[i] and tails[i][0][0] is _c.LITERAL):
            branches.append(tails[i])
            i += 1
            continue
        by_first: dict[int, list[list]] = {}
        while i < len(tails) and tails[i] and tails[i][0][0] is _c.LITERAL:
            by_first.setdefault(tails[i][0][1], []).append(tails[i][1:])
            i += 1
        branches += [[(_c.LITERAL, first)] + _factored(state, rest) for first, rest in by_first.items()]
    if len(branches) == 1:
        return branches[0]
    return [(_c.BRANCH, (None, [_parser.SubPattern(state, b) for b in branches]))]


def _check(state, behind: list, first: int):
    return (_c.ASSERT_NOT, (-1, _parser.SubPattern(state, behind + [(_c.LITERAL, first)])))
