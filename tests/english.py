"""English words on a screen meant to be all Vietnamese: for browser tests of pages a trainee reads.

A Vietnamese word is one syllable of a known shape: an optional initial consonant (b, ch, ngh, qu, ...),
one to three vowels, an optional final (c, ch, m, n, ng, nh, p, t). "Submit", "Fetch", "feedback",
"Validate", "Assignment", "Kernel", "UTC" have none of these shapes, so a word that does not fit is
flagged, unless it is code (digits, _, /, . or brackets inside: a path, a variable, bt00-lam-quen; a
Python word a hint quotes; a CamelCase name) or on the allow-list. Short English words that happen to
fit (in, on, to, run, can) pass, as they are Vietnamese words too once the marks are off: the check is
for an interface's English, whose labels (Submit, Fetch Feedback, Released assignments, Cancel,
Validate) it catches.

    from english import english_words
    assert not english_words(page.locator("#langnghe-bai-tap").inner_text())
"""

from __future__ import annotations

import re
import unicodedata

# Proper names and product names a Vietnamese interface keeps as they are, keys' names, and the loanwords
# the course's Vietnamese uses (a lesson says "notebook", bt01's title "số liệu của shop", a hint "code của bạn").
ALLOWED = {
    "jupyter", "jupyterlab", "jupyterhub", "python", "ipython", "nbgrader", "excel", "windows", "linux", "macos",
    "shopee", "tiktok", "lazada", "tiki", "langnghe", "ctrl", "shift", "enter", "esc", "tab", "alt", "f5",
    "pdf", "csv", "html", "zip", "email", "internet", "wifi", "notebook", "online", "website", "shop", "code", "ok",
}
# English words that fit a Vietnamese syllable's shape and are not Vietnamese as written (no marks).
ENGLISH_ALSO = {"cut", "then", "than", "tip", "map", "chat"}

SYLLABLE = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$")
CODE = re.compile(r"[0-9_/\\.=()\[\]{}<>`'\"@#$%^&*+|~:]")
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _bare(word: str) -> str:
    """The word in lower case with its tone marks and vowel marks off, đ as d."""
    decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Python words hints quote from a cell ("thay dòng raise NotImplementedError"); not and, or, in, for, with,
# which English prose uses too.
CODE_WORDS = {"raise", "def", "elif", "lambda", "assert", "return", "import", "None", "True", "False"}


def is_code(word: str) -> bool:
    """A Python word hints quote, or a CamelCase name (NotImplementedError, JupyterFrontEnd)."""
    return word in CODE_WORDS or bool(re.fullmatch(r"[A-Z]?[a-z]+(?:[A-Z][a-z]+)+", word))


def is_vietnamese(word: str) -> bool:
    return word.lower() not in ENGLISH_ALSO and bool(SYLLABLE.match(_bare(word)))


def english_words(text: str, allowed: set[str] = frozenset()) -> list[str]:
    """The words of text that are neither Vietnamese, nor code, nor allowed (case-insensitive)."""
    allow = {w.lower() for w in ALLOWED | set(allowed)}
    found = []
    for token in text.split():
        core = token.strip(".,;:!?…()[]{}\"'“”‘’«»-–—•*")
        if not core or CODE.search(core):
            continue
        for word in WORD.findall(core):
            if word.lower() in allow or is_code(word):
                continue
            parts = word.split("-")  # Vietnamese joins syllables with a hyphen only in names: check each
            if not all(is_vietnamese(part) for part in parts):
                found.append(word)
    return found
