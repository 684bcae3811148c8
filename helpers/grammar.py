"""Closed-class English grammar words, in one place that every step imports.

Open-class vocabularies (cue verbs, role nouns, party labels, ...) are data files in
``helpers/data/``; the words here are the grammar of English itself (auxiliaries, negators,
pronouns, weekdays), which do not change with the news and are not curated per project.
"""
from __future__ import annotations

from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True)
class Grammar:
    """The closed word classes the rules use (all lower case)."""

    auxiliaries: frozenset[str] = _words("""is was were are be been being am has have had having will would shall
        should can could may might must do does did 's 're 've 'd 'll""")
    negators: frozenset[str] = _words("not never no n't nobody neither nor cannot none nothing without")
    personal_pronouns: frozenset[str] = _words("i me you he him she her it we us they them")
    relative_pronouns: frozenset[str] = _words("who whom whose which that")
    # the writer's own voice outside quotation marks ("I suspect", "we understand"): narration, not a source
    author_voice: frozenset[str] = _words("i we you i'm i'd i've we're we'd we've you're")
    possessive_pronouns_of_author: frozenset[str] = _words("my our your")
    weekdays: frozenset[str] = _words("monday tuesday wednesday thursday friday saturday sunday")
    months: frozenset[str] = _words("""january february march april may june july august september october november
        december""")
    determiners: frozenset[str] = _words("""the a an his her its their our my your this that these those some several
        many two three four five one another other both all each every any no""")
    # words that open a subject's phrase without naming anyone ("Meanwhile, officials said")
    leading_noise: frozenset[str] = _words("""and but however meanwhile also then now yesterday today tonight earlier
        later separately still instead moreover additionally furthermore meantime so thus""")
    female_pronouns: frozenset[str] = _words("she her hers herself")
    male_pronouns: frozenset[str] = _words("he him his himself")
    plural_pronouns: frozenset[str] = _words("they them their theirs themselves we us our")
    male_honorifics: frozenset[str] = _words("mr mr. sir lord")
    female_honorifics: frozenset[str] = _words("mrs mrs. ms ms. miss madam madame dame lady")


GRAMMAR = Grammar()
