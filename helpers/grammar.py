"""Closed-class English grammar words, in one place that every step imports.

Open-class vocabularies (cue verbs, role nouns, party labels, ...) are data files in
``helpers/data/``; the words here are the grammar of English itself (auxiliaries, negators,
pronouns, weekdays), which do not change with the news and are not curated per project.
"""
from __future__ import annotations

from dataclasses import dataclass, field


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True)
class Grammar:
    """The closed word classes the rules use (all lower case)."""

    auxiliaries: frozenset[str] = _words("""is was were are be been being am has have had having will would shall
        should can could may might must do does did 's 're 've 'd 'll""")
    modals: frozenset[str] = _words("will would shall should can could may might must")
    # auxiliaries that open a question and are never a first name ("Does Rubenwardy", unlike "Will", "May")
    question_auxiliaries: frozenset[str] = _words("does do did is are was were has have had")
    negators: frozenset[str] = _words("not never no n't nobody neither nor cannot none nothing without")
    personal_pronouns: frozenset[str] = _words("i me you he him she her it we us they them")
    relative_pronouns: frozenset[str] = _words("who whom whose which that")
    # the writer's own voice outside quotation marks ("I suspect", "we understand"): narration, not a source
    author_voice: frozenset[str] = _words("i we you i'm i'd i've we're we'd we've you're")
    possessive_pronouns_of_author: frozenset[str] = _words("my our your")
    weekdays: frozenset[str] = _words("monday tuesday wednesday thursday friday saturday sunday")
    time_words: frozenset[str] = _words("""monday tuesday wednesday thursday friday saturday sunday yesterday today
        tonight morning afternoon evening night week weekend month year""")
    months: frozenset[str] = _words("""january february march april may june july august september october november
        december""")
    determiners: frozenset[str] = _words("""the a an his her its their our my your this that these those some several
        many two three four five one another other both all each every any no""")
    # words that open a subject's phrase without naming anyone ("Meanwhile, officials said", "On Monday, ...")
    leading_noise: frozenset[str] = _words("""and but however meanwhile also then now yesterday today tonight earlier
        later separately still instead moreover additionally furthermore meantime so thus monday tuesday wednesday
        thursday friday saturday sunday because amongst among for like unlike with by from as to of at in on""")
    # words that are never part of a source's name: a backward scan for the subject stops at them
    boundary_words: frozenset[str] = _words("""that which who whom whose and but or nor as while because after before
        when whenever if since although though so where whereas than until unless once whether how why what then
        therefore thus however is was were are be been being am has have had having will would shall should can
        could may might must do does did not never also to by with from into onto upon about against over under
        between through during without within said says say saying told""")
    # words between a subject and its verb that are not part of the subject ("X also said", "X has said")
    adverbs_before_cue: frozenset[str] = _words("""also has have had later reportedly previously further then earlier
        would will could may might did does do again once repeatedly publicly privately recently first last
        separately already now still even just subsequently initially originally allegedly apparently reportedly,""")
    # words that look like part of a name after a role but say when or where ("a spokesperson ... later")
    not_names: frozenset[str] = _words("""afterwards later earlier meanwhile today yesterday tonight then now here there
        also when while however january february march april may june july august september october november
        december monday tuesday wednesday thursday friday saturday sunday""")
    prepositions: frozenset[str] = _words("of for at in from to on with by")
    # lower-case words that can open a clause of its own after a semicolon ("...; he said ...")
    clause_openers: frozenset[str] = _words("""i you he she it we they the a an this that these those his her its
        their our my some many most one two both each""")
    # what a subject pronoun can stand for
    pronoun_kinds: dict[str, str] = field(default_factory=lambda: {
        "he": "person", "she": "person", "they": "group", "it": "group", "we": "group", "i": "person",
        "you": "person"})
    female_pronouns: frozenset[str] = _words("she her hers herself")
    male_pronouns: frozenset[str] = _words("he him his himself")
    plural_pronouns: frozenset[str] = _words("they them their theirs themselves we us our")
    # lower-case words inside personal names ("Gloria La Riva" is capitalised, "Osama bin Laden" is not)
    name_particles: frozenset[str] = _words("bin bint ibn al el de da di du del della der den van von la le dos das")
    male_honorifics: frozenset[str] = _words("mr mr. sir lord")
    female_honorifics: frozenset[str] = _words("mrs mrs. ms ms. miss madam madame dame lady")


GRAMMAR = Grammar()
