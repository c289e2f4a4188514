"""Is a screen in Vietnamese? The words of a text that are not Vietnamese syllables.

Every Vietnamese word is one syllable: an optional initial consonant, one to three vowels, an
optional final consonant. English interface words ("Server", "Stop", "Submit", "Home", "OK")
are not of that shape, so they are found without a dictionary; a handful of short English words
that happen to be Vietnamese syllables too ("to", "on", "my") pass, which the test can live with.
"""

from __future__ import annotations

import re
import unicodedata

# Names a Vietnamese page may show as they are; "code", the loanword the course's Vietnamese uses
# ("ô code", "viết code"); and "kernel", the name JupyterLab's Vietnamese menus keep ("Kernel").
ALLOWED = {"JupyterHub", "JupyterLab", "Jupyter", "Python", "nbgrader", "formgrader", "API", "HTTPS",
           "Noto", "Mono", "langnghe", "code", "kernel", "Kernel"}

_SYLLABLE = re.compile(r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?")
_WORD = re.compile(r"[^\W_]+")  # with digits: "bt00" is a name, not "bt"


def _plain(word: str) -> str:
    """The letters without tone marks and hats (ư -> u, đ -> d), lower case."""
    decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def foreign_words(text: str, allowed: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """The words of `text` that are neither Vietnamese syllables nor allowed names, in order, once each."""
    found = []
    for word in _WORD.findall(text):
        if word in ALLOWED or word in allowed or word in found or any(ch.isdigit() for ch in word):
            continue
        if not _SYLLABLE.fullmatch(_plain(word)):
            found.append(word)
    return found
