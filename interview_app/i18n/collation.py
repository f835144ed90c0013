"""Names in the order a reader of a language expects: `sorted(topics, key=lambda v: sort_key(v.name, lang))`.

Python compares text by code point, so every Latin name ("SQL", "Docker") comes before every Korean one and a
capital before a small letter. This key follows the Unicode collation algorithm's levels and CLDR's script order,
for the scripts the product writes in (no ICU needed):

- first the letters without case or accent: spaces and punctuation, then digits, then the language's own script
  (Korean: Hangul in 가나다 order, then Hanja, then Latin, as CLDR's Korean collation reorders them; English:
  Latin, then other scripts, Hangul and Han last, as CLDR's root order has them);
- then the accents (`resume` before `résumé`), then the case (`sql` before `SQL`), then the text itself, so equal
  keys never hide two different names.

Hangul syllables are in dictionary order by code point (initial, vowel, final); a lone consonant (ㄱ, ㅎ) sorts
just before the syllables it begins.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Script groups, in the order each language puts them (after spaces/punctuation and digits).
_PUNCT, _DIGIT, _LATIN, _HANGUL, _HAN, _OTHER = "punct", "digit", "latin", "hangul", "han", "other"
_ORDER = {
    "ko": (_PUNCT, _DIGIT, _HANGUL, _HAN, _LATIN, _OTHER),
    "en": (_PUNCT, _DIGIT, _LATIN, _OTHER, _HANGUL, _HAN),
}
# The compatibility consonants (ㄱ ... ㅎ, U+3131 onwards) that begin syllables, by their initial's index.
_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_SYLLABLES, _PER_INITIAL = 0xAC00, 21 * 28


def _script(char: str) -> str:
    code = ord(char)
    if 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F or 0xA960 <= code <= 0xA97F:
        return _HANGUL
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF:
        return _HAN
    if char.isdigit():
        return _DIGIT
    if not char.isalpha():
        return _PUNCT
    base = unicodedata.normalize("NFKD", char)[0]
    return _LATIN if base.isascii() or 0x00C0 <= code <= 0x024F or 0x1E00 <= code <= 0x1EFF else _OTHER


def _weight(char: str, script: str) -> float:
    """The character's place inside its script group, without case or accent."""
    if script == _LATIN:
        base = "".join(c for c in unicodedata.normalize("NFKD", char.casefold()) if not unicodedata.combining(c))
        return ord(base[0]) if base else ord(char)
    if script == _DIGIT:
        return unicodedata.digit(char, ord(char))
    if script == _HANGUL and char in _INITIALS:
        return _SYLLABLES + _INITIALS.index(char) * _PER_INITIAL - 0.5
    return ord(char)


@lru_cache(maxsize=8192)
def sort_key(text: str, lang: str) -> tuple[tuple[tuple[int, float], ...], str, str, str]:
    """The key that orders `text` among other names as a reader of `lang` expects (English's order otherwise)."""
    order = _ORDER.get(lang, _ORDER["en"])
    letters = text.strip()
    primary = tuple((order.index(script), _weight(char, script)) for char in letters for script in (_script(char),))
    # Accents (equal letters: `e` before `é`), then case (small letters first: swapcase puts them first).
    return primary, letters.casefold(), letters.swapcase(), text


def sort_names(names: list[str], lang: str) -> list[str]:
    """`names` in the reader's order."""
    return sorted(names, key=lambda name: sort_key(name, lang))
