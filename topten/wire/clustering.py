"""Incremental story clustering: group items that report the same real-world event.

Pure module, no ORM. An item arrives, is turned into a weighted term vector
(title terms count more than body terms; names and numbers count more than
common words), and joins the best-matching live story if

* the TF-IDF cosine between the item and the story centroid passes a threshold, and
* the item's names and numbers are compatible with the story's (two different
  earthquakes share "earthquake", "magnitude" and "killed", but not the place,
  the magnitude or the death toll).

Otherwise it starts a new story. IDF is learned incrementally from the stream
(document frequencies over every item seen so far, plus an optional background
corpus). Candidate stories come from an inverted index over the terms of live
stories, so the cost of one item does not grow with the number of stories ever
made; stories older than the window expire and leave the index.

A second pass (`consolidate`) merges stories whose centroids have converged,
which repairs the early splits made while the IDF was still young.
"""

from __future__ import annotations

import math
import re
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache

STOPWORDS = frozenset(
    """
a about above after again against all almost also although am among an and another any are
around as at be became because been before being below between both but by can could did do
does doing down during each either else even ever every few for from further had has have
having he her here hers herself him himself his how however i if in into is it its itself
just last later least less like made make many may me might more most much must my myself
near new no nor not now of off often on once one only or other our ours out over own per
said same says say she should since so some still such than that the their theirs them then
there these they this those though through to too under until up upon us very was we were
what when where whether which while who whom whose why will with within without would yet you
your yours its it's he's she's they're we're i'm don't didn't won't can't isn't wasn't also
mr mrs ms dr told according report reports reported news today yesterday tomorrow week year
years day days time monday tuesday wednesday thursday friday saturday sunday am pm gmt utc
january february march april june july august september october november december jan feb
mar apr jun jul aug sep sept oct nov dec via get got two three four five six seven eight nine
ten first second third people would could will says added s t re ve ll d m
""".split()
)

WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]|\d+(?:[.,]\d+)*")
YEAR_RE = re.compile(r"^#(?:19[5-9]\d|20[0-4]\d)$")
SENTENCE_ENDS = frozenset('.!?:;"“”')


def _starts_sentence(text: str, start: int) -> bool:
    """True when the word at `start` opens a line or follows end punctuation and a space."""
    index = start - 1
    if index < 0 or text[index] == "\n":
        return True
    if not text[index].isspace():
        return False
    while index >= 0 and text[index].isspace():
        index -= 1
    return index < 0 or text[index] in SENTENCE_ENDS


def _starts_sentence(text: str, start: int) -> bool:
    """True when the word at `start` opens a sentence (its capital says nothing about a name)."""
    index = start - 1
    while index >= 0 and text[index] in " \t":
        index -= 1
    return index < 0 or (
        text[index] in SENTENCE_ENDS and (index == start - 1 or text[index] != "\n" or True)
    )


@dataclass(frozen=True)
class ClusterConfig:
    title_weight: float = 3.0
    lead_lines: int = 4
    lead_weight: float = 1.0
    body_weight: float = 0.35
    max_lines: int = 60  # body lines read: bounds the work per item; the rest adds little
    name_boost: float = 2.0
    number_boost: float = 3.0
    join_threshold: float = 0.25
    merge_threshold: float = 0.60
    # Names (or numbers) both sides carry but do not share push the score down.
    name_conflict_penalty: float = 0.5
    number_conflict_penalty: float = 0.85
    year_conflict_penalty: float = 1.0
    candidate_terms: int = 12
    max_candidates: int = 20
    max_centroid_terms: int = 300
    # A story's weighted vector is recomputed when the corpus grew by this factor.
    idf_drift: float = 1.05
    window_seconds: float = 36 * 3600
    max_live_stories: int = 20000
    # Splitting: a story whose members fall into two groups that are much less
    # similar to each other than within themselves holds two events.
    orphan_size: int = 3
    adopt_threshold: float = 0.15
    adopt_needs_agreement: bool = True
    split_min_size: int = 6
    split_min_part: int = 3
    split_ratio: float = 0.7
    background_df: dict = field(default_factory=dict, hash=False, compare=False)
    background_docs: int = 0


@dataclass
class Item:
    key: str
    title: str
    text: str = ""
    published: float = 0.0
    source: str = ""


@dataclass
class Features:
    tf: dict[str, float]
    names: frozenset[str]
    numbers: frozenset[str]
    title_names: frozenset[str] = frozenset()


@dataclass
class Story:
    id: int
    centroid: dict[str, float] = field(default_factory=dict)
    names: Counter = field(default_factory=Counter)
    title_names: set = field(default_factory=set)
    numbers: Counter = field(default_factory=Counter)
    members: list[str] = field(default_factory=list)
    first_seen: float = 0.0
    last_seen: float = 0.0

    @property
    def size(self) -> int:
        return len(self.members)


def stem(word: str) -> str:
    """A small suffix stripper: enough to join 'killed'/'kills'/'killing', cheap on the CPU."""
    if len(word) <= 4:
        return word
    for suffix in ("ings", "ing", "edly", "ies", "ied", "es", "ed", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            base = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                return base + "y"
            return base
    return word


def _tokens(text: str):
    """Yield (term, is_name, is_number) for each word of `text`."""
    for match in WORD_RE.finditer(text):
        raw = match.group(0)
        if raw[0].isdigit():
            number = raw.replace(",", "")
            if len(number) >= 1:
                yield "#" + number, False, True
            continue
        term = _term(raw)
        if term is None:
            continue
        is_name = raw[0].isupper() and not _starts_sentence(text, match.start())
        if is_name and raw.isupper() and len(raw) > 4:
            is_name = False  # SHOUTED headline words are not names
        yield term, is_name, False


@lru_cache(maxsize=200_000)
def _term(raw: str) -> str | None:
    """The index term of a word (lower-cased, stemmed), or None for a stopword."""
    lower = raw.lower().strip("'-")
    if lower.endswith("'s"):
        lower = lower[:-2]
    if len(lower) < 2 or lower in STOPWORDS:
        return None
    return stem(lower)


def extract_features(item: Item, config: ClusterConfig) -> Features:
    tf: Counter = Counter()
    names: set[str] = set()
    numbers: set[str] = set()
    lines = [line for line in (item.text or "").splitlines() if line.strip()]
    parts = [(item.title, config.title_weight)]
    parts += [(line, config.lead_weight) for line in lines[: config.lead_lines]]
    parts += [(line, config.body_weight) for line in lines[config.lead_lines : config.max_lines]]
    for text, weight in parts:
        for term, is_name, is_number in _tokens(text):
            boost = config.name_boost if is_name else config.number_boost if is_number else 1.0
            tf[term] += weight * boost
            if is_name:
                names.add(term)
            elif is_number and (weight >= config.lead_weight or YEAR_RE.match(term)):
                numbers.add(term)
    # Sub-linear term frequency so one repeated word cannot dominate.
    vector = {term: 1.0 + math.log(count) if count > 1 else count for term, count in tf.items()}
    # Capitalised headline words, except the first (always capitalised).
    title_names = {
        _term(m.group(0))
        for m in WORD_RE.finditer(item.title or "")
        if m.group(0)[0].isupper() and m.start() > 0
    }
    title_names.discard(None)
    return Features(
        tf=vector,
        names=frozenset(names),
        numbers=frozenset(numbers),
        title_names=frozenset(title_names),
    )


class Clusterer:
    """Holds the live stories and assigns each new item to one of them."""

    def __init__(self, config: ClusterConfig | None = None):
        self.config = config or ClusterConfig()
        self.df: Counter = Counter(self.config.background_df)
        self.docs = self.config.background_docs
        # log(df + 1) per term, kept as df changes: weighting is the hot loop.
        self._log_df = {term: math.log(count + 1) for term, count in self.df.items()}
        self.stories: OrderedDict[int, Story] = OrderedDict()
        self.index: dict[str, set[int]] = {}
        self.assignment: dict[str, int] = {}
        self.merged_into: dict[int, int] = {}
        self._next_id = 1
        self._vectors: dict[int, tuple] = {}
        self._profiles: dict[int, tuple] = {}
        self.features: dict[str, Features] = {}
        self.splits: list[tuple[int, int, list[str]]] = []
        self.apart: set[frozenset[int]] = set()  # split pairs are never merged again
        self._dirty: set[int] = set()  # stories grown since the last refine

    # -- weights ---------------------------------------------------------
    def idf(self, term: str) -> float:
        return math.log((self.docs + 1) / (self.df.get(term, 0) + 1)) + 1.0

    def _weighted(self, tf: dict[str, float]) -> tuple[dict[str, float], float]:
        base = math.log(self.docs + 1) + 1.0
        log_df = self._log_df.get
        weighted = {term: value * (base - log_df(term, 0.0)) for term, value in tf.items()}
        norm = math.sqrt(sum(v * v for v in weighted.values())) or 1.0
        return weighted, norm

    def similarity(self, features: Features, story: Story) -> float:
        item_vec, item_norm = self._weighted(features.tf)
        return self._score(item_vec, item_norm, features.names, features.numbers, story)

    def _profile(self, story: Story) -> tuple[set[str], set[str]]:
        """The names and numbers that at least half of the story's items carry."""
        cached = self._profiles.get(story.id)
        if cached is None:
            names = {n for n, c in story.names.items() if c * 2 >= story.size or story.size < 3}
            numbers = {n for n, c in story.numbers.items() if c * 2 >= story.size}
            cached = self._profiles[story.id] = (names, numbers)
        return cached

    def _story_vector(self, story: Story) -> tuple[dict[str, float], float]:
        # Re-weighting a centroid is the hot spot; the IDF drifts slowly, so a story's
        # weighted vector is reused until it changes or the corpus grows by 5 %.
        cached = self._vectors.get(story.id)
        if cached is None or self.docs > cached[2] * self.config.idf_drift + 1:
            vec, norm = self._weighted(story.centroid)
            cached = (vec, norm, self.docs)
            self._vectors[story.id] = cached
        return cached[0], cached[1]

    def _score(self, item_vec, item_norm, names, numbers, story: Story) -> float:
        story_vec, story_norm = self._story_vector(story)
        if len(story_vec) < len(item_vec):
            get = item_vec.get
            dot = sum(value * get(term, 0.0) for term, value in story_vec.items())
        else:
            get = story_vec.get
            dot = sum(value * get(term, 0.0) for term, value in item_vec.items())
        cosine = dot / (item_norm * story_norm)
        return cosine * self._compatibility(names, numbers, story)

    def _compatibility(self, names, numbers, story: Story) -> float:
        """1.0 when names and numbers agree, lower when both sides name different things."""
        factor = 1.0
        story_names, story_numbers = self._profile(story)
        if names and story_names and not (names & story_names):
            factor *= self.config.name_conflict_penalty
        if numbers and story_numbers and not (numbers & story_numbers):
            factor *= self.config.number_conflict_penalty
        # Events of the same kind recur year after year: different years, different stories.
        years = {n for n in numbers if YEAR_RE.match(n)}
        story_years = {n for n in story.numbers if YEAR_RE.match(n)}
        if years and story_years and not (years & story_years):
            factor *= self.config.year_conflict_penalty
        return factor

    # -- assignment ------------------------------------------------------
    def _candidates(self, item_vec: dict[str, float]) -> list[int]:
        best_terms = sorted(item_vec, key=item_vec.get, reverse=True)[: self.config.candidate_terms]
        hits: Counter = Counter()
        for term in best_terms:
            for story_id in self.index.get(term, ()):
                hits[story_id] += item_vec[term]
        return [story_id for story_id, _ in hits.most_common(self.config.max_candidates)]

    def add(self, item: Item) -> int:
        """Assign `item` to a story (existing or new) and return the story id."""
        if item.key in self.assignment:
            return self.resolve(self.assignment[item.key])
        self.expire(item.published)
        features = extract_features(item, self.config)
        for term in features.tf:
            self.df[term] += 1
            self._log_df[term] = math.log(self.df[term] + 1)
        self.docs += 1
        item_vec, item_norm = self._weighted(features.tf)
        best_id, best_score = None, 0.0
        for story_id in self._candidates(item_vec):
            story = self.stories[story_id]
            score = self._score(item_vec, item_norm, features.names, features.numbers, story)
            if score > best_score:
                best_id, best_score = story_id, score
        if best_id is None or best_score < self.config.join_threshold:
            story = self._new_story(item.published)
        else:
            story = self.stories[best_id]
            self.stories.move_to_end(best_id)
        self._absorb(story, features, item)
        self.features[item.key] = features
        self.assignment[item.key] = story.id
        return story.id

    def _new_story(self, when: float) -> Story:
        story = Story(id=self._next_id, first_seen=when, last_seen=when)
        self._next_id += 1
        self.stories[story.id] = story
        return story

    def _absorb(self, story: Story, features: Features, item: Item) -> None:
        for term, value in features.tf.items():
            story.centroid[term] = story.centroid.get(term, 0.0) + value
        story.names.update(features.names)
        story.title_names.update(features.title_names)
        story.numbers.update(features.numbers)
        story.members.append(item.key)
        self._dirty.add(story.id)
        self._vectors.pop(story.id, None)
        self._profiles.pop(story.id, None)
        story.last_seen = max(story.last_seen, item.published)
        self._trim_and_index(story, features.tf)

    def _trim_and_index(self, story: Story, terms=None) -> None:
        """Keep the centroid's strongest terms (with some slack, so it is not sorted on
        every item) and index the story under `terms` (default: all its terms)."""
        limit = self.config.max_centroid_terms
        if len(story.centroid) > limit * 1.25:
            keep = sorted(story.centroid, key=story.centroid.get, reverse=True)[:limit]
            for term in set(story.centroid) - set(keep):
                del story.centroid[term]
                self.index.get(term, set()).discard(story.id)
        index = self.index
        for term in story.centroid if terms is None else terms:
            if term in story.centroid:
                index.setdefault(term, set()).add(story.id)

    # -- upkeep ----------------------------------------------------------
    def expire(self, now: float) -> list[int]:
        """Drop stories that went quiet longer than the window, and keep the set bounded."""
        expired = []
        horizon = now - self.config.window_seconds
        while self.stories:
            story_id, story = next(iter(self.stories.items()))
            too_many = len(self.stories) > self.config.max_live_stories
            if not too_many and story.last_seen >= horizon:
                break
            self._unindex(story)
            del self.stories[story_id]
            for key in story.members:
                self.features.pop(key, None)
            expired.append(story_id)
        return expired

    def _unindex(self, story: Story) -> None:
        self._vectors.pop(story.id, None)
        self._profiles.pop(story.id, None)
        for term in story.centroid:
            postings = self.index.get(term)
            if postings is not None:
                postings.discard(story.id)
                if not postings:
                    del self.index[term]

    def consolidate(self) -> list[tuple[int, int]]:
        """Merge live stories whose centroids now match; returns (kept, merged) pairs.

        A small story (an orphan: up to `orphan_size` items) joins its best match at the
        lower `adopt_threshold` when their names and numbers agree: a lone article that
        missed its story is the usual recall loss.
        """
        merges = []
        for story_id in list(self.stories):
            story = self.stories.get(story_id)
            if story is None:
                continue
            small = story.size <= self.config.orphan_size
            vec, norm = self._weighted(story.centroid)
            names = {n for n, c in story.names.items() if c * 2 >= story.size}
            numbers = {n for n, c in story.numbers.items() if c * 2 >= story.size}
            best_id, best_score = None, 0.0
            for other_id in self._candidates(vec):
                if other_id == story_id or frozenset((story_id, other_id)) in self.apart:
                    continue
                other = self.stories[other_id]
                score = self._score(vec, norm, frozenset(names), frozenset(numbers), other)
                if score > best_score:
                    best_id, best_score = other_id, score
            threshold = self.config.adopt_threshold if small else self.config.merge_threshold
            if small and best_id is not None and self.config.adopt_needs_agreement:
                # An orphan is adopted only where its headlines name what the story
                # names: never into a look-alike event (another earthquake elsewhere).
                other_names = self.stories[best_id].title_names
                if story.title_names and other_names and not (story.title_names & other_names):
                    threshold = self.config.merge_threshold
            if best_id is not None and best_score >= threshold:
                keep, gone = sorted((best_id, story_id), key=lambda i: -self.stories[i].size)
                self._merge(self.stories[keep], self.stories[gone])
                merges.append((keep, gone))
        return merges

    def refine(self) -> list[tuple[int, int, list[str]]]:
        """Split live stories that hold two events; then merge stories that match.

        Returns the splits as (old story id, new story id, moved item keys).
        """
        splits = []
        minimum = self.config.split_min_size
        queue = [
            sid for sid in self._dirty if sid in self.stories and self.stories[sid].size >= minimum
        ]
        self._dirty.clear()
        while queue:
            story = self.stories.get(queue.pop())
            if story is None:
                continue
            moved = self._bisect(story)
            if moved is None:
                continue
            new = self._split(story, moved)
            self.apart.add(frozenset((story.id, new.id)))
            splits.append((story.id, new.id, moved))
            queue += [s.id for s in (story, new) if s.size >= self.config.split_min_size]
        self.splits.extend(splits)
        return splits

    def _bisect(self, story: Story) -> list[str] | None:
        """Spectral bisection of the members' similarity graph (normalised Laplacian)."""
        import numpy as np

        keys = [k for k in story.members if k in self.features]
        if len(keys) < self.config.split_min_size:
            return None
        vectors = [self._weighted(self.features[k].tf) for k in keys]
        vocabulary: dict[str, int] = {}
        rows, cols, vals = [], [], []
        for row, (vec, norm) in enumerate(vectors):
            for term, value in vec.items():
                rows.append(row)
                cols.append(vocabulary.setdefault(term, len(vocabulary)))
                vals.append(value / norm)
        matrix = np.zeros((len(keys), len(vocabulary)))
        matrix[rows, cols] = vals
        weights = matrix @ matrix.T
        np.fill_diagonal(weights, 0.0)
        weights[weights < 0] = 0.0
        degree = weights.sum(axis=1)
        degree[degree == 0] = 1e-9
        inv_sqrt = 1 / np.sqrt(degree)
        laplacian = np.eye(len(keys)) - weights * np.outer(inv_sqrt, inv_sqrt)
        _values, eigenvectors = np.linalg.eigh(laplacian)
        side = eigenvectors[:, 1] * inv_sqrt >= 0
        size_a, size_b = int(side.sum()), int((~side).sum())
        if min(size_a, size_b) < self.config.split_min_part:
            return None
        between = weights[np.ix_(side, ~side)].mean()
        within_a = weights[np.ix_(side, side)].sum() / (size_a * (size_a - 1))
        within_b = weights[np.ix_(~side, ~side)].sum() / (size_b * (size_b - 1))
        if within_a <= 0 or within_b <= 0:
            return None
        if between / math.sqrt(within_a * within_b) >= self.config.split_ratio:
            return None
        # Move the part that does not hold the story's first item.
        first_side = side[0]
        return [k for k, s in zip(keys, side, strict=True) if s != first_side]

    def _split(self, story: Story, moved: list[str]) -> Story:
        moving = set(moved)
        new = self._new_story(story.first_seen)
        self._unindex(story)
        story.members = [k for k in story.members if k not in moving]
        story.centroid, story.names, story.numbers = {}, Counter(), Counter()
        story.title_names = set()
        for key in story.members:
            self._add_features(story, self.features[key]) if key in self.features else None
        for key in moved:
            self._add_features(new, self.features[key])
            new.members.append(key)
            self.assignment[key] = new.id
        new.last_seen = story.last_seen
        self.stories.move_to_end(story.id)
        self._trim_and_index(story)
        self._trim_and_index(new)
        return new

    def _add_features(self, story: Story, features: Features) -> None:
        for term, value in features.tf.items():
            story.centroid[term] = story.centroid.get(term, 0.0) + value
        story.names.update(features.names)
        story.title_names.update(features.title_names)
        story.numbers.update(features.numbers)

    def _merge(self, keep: Story, gone: Story) -> None:
        self._unindex(gone)
        del self.stories[gone.id]
        for term, value in gone.centroid.items():
            keep.centroid[term] = keep.centroid.get(term, 0.0) + value
        keep.names.update(gone.names)
        keep.title_names.update(gone.title_names)
        keep.numbers.update(gone.numbers)
        keep.members.extend(gone.members)
        self._vectors.pop(keep.id, None)
        self._profiles.pop(keep.id, None)
        keep.first_seen = min(keep.first_seen, gone.first_seen)
        keep.last_seen = max(keep.last_seen, gone.last_seen)
        self.merged_into[gone.id] = keep.id
        # The live set is ordered by last activity, so expiry can stop at the first fresh story.
        self.stories.move_to_end(keep.id)
        self._trim_and_index(keep)

    def resolve(self, story_id: int) -> int:
        while story_id in self.merged_into:
            story_id = self.merged_into[story_id]
        return story_id

    def labels(self) -> dict[str, int]:
        return {key: self.resolve(story_id) for key, story_id in self.assignment.items()}


# -- scoring ------------------------------------------------------------------


@dataclass(frozen=True)
class Scores:
    b3_precision: float
    b3_recall: float
    b3_f1: float
    pairwise_precision: float
    pairwise_recall: float
    pairwise_f1: float


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_clustering(truth: dict[str, str], found: dict) -> Scores:
    """B-cubed (Bagga & Baldwin 1998) and pairwise precision/recall/F1."""
    keys = list(truth)
    by_true: dict = {}
    by_found: dict = {}
    for key in keys:
        by_true.setdefault(truth[key], set()).add(key)
        by_found.setdefault(found[key], set()).add(key)
    precision = recall = 0.0
    for key in keys:
        true_set, found_set = by_true[truth[key]], by_found[found[key]]
        overlap = len(true_set & found_set)
        precision += overlap / len(found_set)
        recall += overlap / len(true_set)
    precision /= len(keys) or 1
    recall /= len(keys) or 1
    pairs_true = sum(len(s) * (len(s) - 1) // 2 for s in by_true.values())
    pairs_found = sum(len(s) * (len(s) - 1) // 2 for s in by_found.values())
    joint: Counter = Counter((truth[k], found[k]) for k in keys)
    pairs_both = sum(n * (n - 1) // 2 for n in joint.values())
    pp = pairs_both / pairs_found if pairs_found else 1.0
    pr = pairs_both / pairs_true if pairs_true else 1.0
    return Scores(precision, recall, _f1(precision, recall), pp, pr, _f1(pp, pr))
