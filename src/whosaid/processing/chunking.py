"""Split very long articles into pieces the pipeline handles in bounded memory.

The pieces concatenate back to the original text exactly, so offsets into
the merged Doc are offsets into the original article.
"""

from __future__ import annotations

# The pipeline's working memory grows with the tokens in a batch (about 9 kB
# a token), so pieces stay near the size of an ordinary long article.
MAX_CHUNK_CHARS = 10_000
# Where to cut, best first: between paragraphs, between lines, after a
# sentence, at any space. Cuts fall just after the separator.
_SEPARATORS = ("\n\n", "\n", ". ", " ")


def split_text(text: str, max_chars: int = MAX_CHUNK_CHARS) -> list[str]:
    if len(text) <= max_chars:
        return [text]
    pieces = []
    start = 0
    while len(text) - start > max_chars:
        window_end = start + max_chars
        cut = window_end
        for separator in _SEPARATORS:
            found = text.rfind(separator, start + max_chars // 2, window_end)
            if found != -1:
                cut = found + len(separator)
                break
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces
