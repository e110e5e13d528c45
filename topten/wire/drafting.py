"""Draft a 2–3 sentence extractive blurb from a story's coverage. Pure module.

Sentences are scored by how many of the story's common words they carry
(centrality across the coverage), with a bonus for appearing early in an item
(news writing puts the facts first); near-repeats of a chosen sentence are
skipped, so three outlets' versions of one lead give one sentence, not three.
"""

from __future__ import annotations

import re
from collections import Counter

SENTENCE_RE = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
WORD_RE = re.compile(r"[a-z0-9]+")
MIN_WORDS, MAX_WORDS = 6, 45
COMMON = frozenset(
    "the a an of to in and for on at by with from is was are were has have that it as".split()
)


def split_sentences(text: str) -> list[str]:
    text = re.sub(r"\s+", " ", text or "").strip()
    return [s.strip() for s in SENTENCE_RE.split(text) if s.strip()]


def _words(sentence: str) -> set[str]:
    return {w for w in WORD_RE.findall(sentence.lower()) if w not in COMMON and len(w) > 2}


def draft_blurb(texts: list[str], *, sentences: int = 3, max_chars: int = 600) -> str:
    """Pick up to `sentences` (at least 2 when there are enough) central sentences, in reading order."""
    candidates: list[tuple[int, int, str]] = []
    for doc_index, text in enumerate(texts):
        for position, sentence in enumerate(split_sentences(text)):
            count = len(sentence.split())
            if MIN_WORDS <= count <= MAX_WORDS and not sentence.endswith((":", "…", "...")):
                candidates.append((doc_index, position, sentence))
    if not candidates:
        return ""
    frequency = Counter(w for _, _, s in candidates for w in _words(s))

    def score(candidate):
        _, position, sentence = candidate
        words = _words(sentence)
        centrality = sum(frequency[w] for w in words) / (len(words) + 3)
        return centrality * (1.0 + 1.0 / (1 + position))

    chosen: list[tuple[int, int, str]] = []
    for candidate in sorted(candidates, key=score, reverse=True):
        words = _words(candidate[2])
        if any(_overlap(words, _words(c[2])) > 0.5 for c in chosen):
            continue
        if sum(len(c[2]) + 1 for c in chosen) + len(candidate[2]) > max_chars and chosen:
            continue
        chosen.append(candidate)
        if len(chosen) == sentences:
            break
    chosen.sort(key=lambda c: (c[1], c[0]))
    return " ".join(c[2] for c in chosen)


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def best_headline(headlines: list[tuple[str, float]]) -> str:
    """The headline to use: from the most trusted source, preferring 6–16 words, not shouting."""

    def score(entry):
        text, trust = entry
        words = len(text.split())
        fit = 1.0 if 6 <= words <= 16 else 0.6 if 4 <= words <= 22 else 0.2
        shouting = 0.5 if text.isupper() else 1.0
        return trust * fit * shouting

    usable = [(h.strip(), t) for h, t in headlines if h and h.strip()]
    return max(usable, key=score)[0][:200] if usable else ""
