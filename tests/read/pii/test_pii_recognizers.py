"""Each forum recogniser against a table of texts: what it must find, and what it must leave alone."""

from types import SimpleNamespace

import numpy as np
import pytest

CASES = [
    # (recogniser, text, expected [(label, text)])
    ("anecdata.email.v1", "mail me at jo.baker+rehab@example.com today", [("contact", "jo.baker+rehab@example.com")]),
    (
        "anecdata.email.v1",
        "write to harriet dot bloom at example dot com",
        [("contact", "harriet dot bloom at example dot com")],
    ),
    ("anecdata.email.v1", "the @ sign and a..b@c are not addresses", []),
    ("anecdata.phone.v1", "call (406) 555-0148 after six", [("contact", "(406) 555-0148")]),
    ("anecdata.phone.v1", "ring +44 20 7946 0321 please", [("contact", "+44 20 7946 0321")]),
    ("anecdata.phone.v1", "text me on 555-0173", [("contact", "555-0173")]),
    ("anecdata.phone.v1", "I ran 800-1000 metres", []),
    ("anecdata.phone.v1", "mileage went 2015-2016", []),
    (
        "anecdata.url.v1",
        "see https://www.instagram.com/rehab_with_raj for videos",
        [("url", "https://www.instagram.com/rehab_with_raj")],
    ),
    ("anecdata.url.v1", "my log: https://example.com/~gwen.", [("url", "https://example.com/~gwen")]),
    ("anecdata.url.v1", "the study https://pubmed.ncbi.nlm.nih.gov/123/ says", []),
    ("anecdata.handle.v1", "@marcus_t did it help?", [("handle", "@marcus_t")]),
    ("anecdata.handle.v1", "agree with u/heel_hank here", [("handle", "u/heel_hank")]),
    ("anecdata.handle.v1", "mail jo@example.com", []),
    ("anecdata.attribution.v1", "Kelly wrote:\n> most back pain", [("person", "Kelly")]),
    ("anecdata.attribution.v1", "Quote from: knotty_calves\n> nothing sticks", [("handle", "knotty_calves")]),
    ("anecdata.attribution.v1", "Everyone says: rest it", []),
    ("anecdata.credential.v1", "Ian Kowalczyk, PT\nGrand Rapids, MI", [("credential", "PT")]),
    ("anecdata.credential.v1", "Dana Whitfield, PT, DPT", [("credential", "PT"), ("credential", "DPT")]),
    ("anecdata.credential.v1", "I am having PT, which includes Graston.", []),
    ("anecdata.credential.v1", "Dana Lee Whitfield, LMT\nCedar Falls, IA", [("credential", "LMT")]),
    ("anecdata.place.v1", "Hannah, LMT\nBozeman, MT", [("location", "Bozeman, MT")]),
    ("anecdata.place.v1", "I moved to Fort Collins, CO last year", [("location", "Fort Collins, CO")]),
    ("anecdata.place.v1", "our club in Galway, Ireland meets weekly", [("location", "Galway, Ireland")]),
    ("anecdata.place.v1", "Hi Joan, OK so the splint", []),
    ("anecdata.place.v1", "Samuel Okonkwo, MD", []),
    ("anecdata.address.v1", "the clinic at 1200 N Walnut St is new", [("location", "1200 N Walnut St")]),
    ("anecdata.address.v1", "we live at 221B Baker Street, Apt 4", [("location", "221B Baker Street, Apt 4")]),
    ("anecdata.address.v1", "took 200 Mg Tablets twice and 3 Main points", []),
    ("anecdata.address.v1", "in 2019 Physio Road trips helped", []),
    ("anecdata.postal_code.v1", "Springfield, IL 62704 is home", [("location", "62704")]),
    ("anecdata.postal_code.v1", "my zip is 62704", [("location", "62704")]),
    ("anecdata.postal_code.v1", "I walked 12000 steps, took 10000 IU in 2019", []),
    ("anecdata.postal_code.v1", "clinic near SW1A 1AA and M1 1AE", [("location", "SW1A 1AA"), ("location", "M1 1AE")]),
    ("anecdata.postal_code.v1", "Toronto K1A 0B1", [("location", "K1A 0B1")]),
    ("anecdata.postal_code.v1", "levels L5 S1 and C6 fine, B12 1000", []),
    ("anecdata.date_of_birth.v1", "DOB 03/14/1968, masters runner", [("date", "03/14/1968")]),
    ("anecdata.date_of_birth.v1", "I was born on July 9, 1975 and", [("date", "July 9, 1975")]),
    ("anecdata.date_of_birth.v1", "on 03/14/2021 I started PT", []),
    ("anecdata.titled_name.v1", "my surgeon, Dr. Hallworth, said", [("person", "Hallworth")]),
    ("anecdata.titled_name.v1", "Dr. Graston was right about tension", [("person", "Graston")]),
    ("anecdata.titled_name.v1", "Dr. Sarno was right about tension", []),  # a public author (public.toml)
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[f"{c[0].split('.')[1]}: {c[1][:30]}" for c in CASES])
def test_recognizer_finds_exactly(run_recognizer, name, text, expected):
    assert run_recognizer(name, text) == expected


SIGNATURES = [
    # (text, closing_start, expected names)
    ("Great advice.\n\nDana Lee Whitfield, LMT\nCedar Falls, IA", None, ["Dana Lee Whitfield"]),
    ("Stick with it.\n\nThanks, Priya", None, ["Priya"]),
    ("It helped.\n- kayla", None, ["kayla"]),
    ("It helped.\n\nThanks again everyone,\nJoan", 12, ["Joan"]),
    ("Slow and boring works.\n\nKwame Asante\nDuluth, MN", 24, ["Kwame Asante"]),
    ("Thanks again everyone,\nfor the help", None, []),
    ("Graston and Achilles work.\n\n- Graston", None, []),
]


@pytest.mark.parametrize(("text", "closing", "names"), SIGNATURES)
def test_signature_recognizer_finds_signed_names(run_recognizer, text, closing, names):
    found = run_recognizer("anecdata.signature.v1", text, closing_start=closing)
    assert [t for label, t in found if label == "person"] == names


def test_known_name_recognizer_matches_thread_names_and_their_parts(run_recognizer):
    text = "Owen, thanks. Lena said greg_h and Greg agree; lumbar pain is common. Lumbar fusion too."
    found = run_recognizer("anecdata.known_name.v1", text, names=("Owen Brandt", "lumbar_lena", "greg_h"))
    assert found == [("person", "Owen"), ("person", "Lena"), ("handle", "greg_h"), ("person", "Greg")]


@pytest.mark.parametrize("word", ["Graston", "Sarno", "Achilles", "Morton", "Grasston"])
def test_name_tagger_never_takes_medical_words_for_names(run_recognizer, word):
    text = f"{word} helped me more than anything. I tried {word} for six weeks and {word} worked."
    assert run_recognizer("anecdata.name_tagger.v1", text) == []


def test_name_tagger_finds_people_and_places(run_recognizer):
    found = run_recognizer("anecdata.name_tagger.v1", "I went with Rebecca to see a physio in Chicago last May.")
    assert ("person", "Rebecca") in found and ("location", "Chicago") in found


def test_name_tagger_keeps_a_bias_made_person_only_with_a_known_name_or_a_place_word_before():
    from anecdata.read.pii.recognizers.name_tagger import NameTaggerRecognizer
    from anecdata.read.pii.tagger import TaggedSpan, bundled_model

    recognizer = NameTaggerRecognizer(model=bundled_model(), bias={"person": 2.5})
    words = ["a", "debt", "to", "Zorvexa", "and", "Rebecca", "and", "Lactalbumin"]
    guesses = [TaggedSpan(3, 4, "person", 0.3), TaggedSpan(5, 6, "person", 0.3), TaggedSpan(7, 8, "person", 0.3)]
    assert not recognizer._person_supported(words, guesses[0])
    assert recognizer._person_supported(words, guesses[1])
    assert recognizer._person_supported(words, TaggedSpan(7, 8, "person", 0.9))  # the tagger's own belief
    runs = SimpleNamespace(words=words, starts=list(range(len(words))), lengths=np.array([len(words)]))
    kept = [(f.label, words[f.start]) for f in recognizer._findings(runs, [guesses])]
    assert kept == [("location", "Zorvexa"), ("person", "Rebecca")]  # "to X" reads as a place; the rest dropped


def test_name_tagger_reads_a_bias_made_place_after_an_article_or_possessive_as_a_thing():
    from anecdata.read.pii.recognizers.name_tagger import NameTaggerRecognizer
    from anecdata.read.pii.tagger import TaggedSpan, bundled_model

    recognizer = NameTaggerRecognizer(model=bundled_model(), bias={"location": 2.5})
    guess = TaggedSpan(2, 3, "location", 0.3)
    assert not recognizer._place_supported(["love", "my", "Toyota"], guess)  # a gazetteer town, but a thing here
    assert recognizer._place_supported(["moved", "to", "Toyota"], guess)
    assert recognizer._place_supported(["in", "the", "Toyota"], TaggedSpan(2, 3, "location", 0.3))
    assert recognizer._place_supported(["love", "my", "Toyota"], TaggedSpan(2, 3, "location", 0.8))


def test_name_tagger_reads_runs_cut_at_sentences_and_line_breaks(blank_nlp):
    from anecdata.read.pii.recognizers.name_tagger import word_runs

    doc = blank_nlp.make_doc("Thanks Mary. See you\n\n  in Leeds  soon\nDana")
    for token in doc:
        token.is_sent_start = token.i in (0, 3)
    runs = word_runs(doc)
    assert runs.lengths.tolist() == [3, 2, 3, 1]
    assert runs.words == ["Thanks", "Mary", ".", "See", "you", "in", "Leeds", "soon", "Dana"]
    assert all(doc.text[s : s + len(w)] == w for s, w in zip(runs.starts, runs.words, strict=True))
    assert word_runs(blank_nlp.make_doc("one two\nthree")).lengths.tolist() == [2, 1]


@pytest.mark.parametrize(
    ("text", "closing_start"),
    [
        ("Knee pain for weeks.\n\nThanks all.\nAppreciate any advice.", None),  # a sentence, not a name
        ("Lost my sense of smell\n-Loss of taste\n-Headache", None),  # a list of symptoms
        ("Patellar Tendinopathy\nHad it for a year, what helped you?", None),  # a short post's first line: its title
    ],
)
def test_signature_recognizer_leaves_sentences_lists_and_titles_alone(run_recognizer, text, closing_start):
    assert run_recognizer("anecdata.signature.v1", text, closing_start=closing_start) == []


def _runs(words):
    """Word runs of one sentence, words one space apart except a word written "##..." (glued to the one before)."""
    starts, at = [], 0
    for word in words:
        glued = word.startswith("##")
        at -= 1 if glued and starts else 0
        starts.append(at)
        at += len(word.removeprefix("##")) + 1
    plain = [w.removeprefix("##") for w in words]
    return SimpleNamespace(words=plain, starts=starts, lengths=np.array([len(words)]))


def test_name_tagger_drops_pieces_of_words_and_punctuation_at_a_names_edge():
    from anecdata.read.pii.recognizers.name_tagger import NameTaggerRecognizer
    from anecdata.read.pii.tagger import TaggedSpan, bundled_model

    recognizer = NameTaggerRecognizer(model=bundled_model(), bias={"person": 2.5})
    runs = _runs(["you", "got", "##ta", "love", "/", "Rebecca"])  # "gotta": the tokenizer's "got" "ta"
    guesses = [TaggedSpan(2, 3, "person", 0.9), TaggedSpan(4, 6, "person", 0.9)]
    kept = [(f.label, f.start, f.end) for f in recognizer._findings(runs, [guesses])]
    assert kept == [("person", runs.starts[5], runs.starts[5] + len("Rebecca"))]


def test_name_tagger_joins_a_place_after_a_name_and_reads_a_known_place_after_to_as_a_place():
    from anecdata.read.pii.recognizers.name_tagger import NameTaggerRecognizer
    from anecdata.read.pii.tagger import TaggedSpan, bundled_model

    recognizer = NameTaggerRecognizer(model=bundled_model(), bias={"person": 2.5})
    runs = _runs(["a", "remake", "with", "Clint", "Eastwood", "and", "a", "drive", "to", "Los", "Angeles"])
    guesses = [TaggedSpan(3, 4, "person", 0.9), TaggedSpan(4, 5, "location", 0.9), TaggedSpan(9, 11, "person", 0.6)]
    kept = [(f.label, f.start) for f in recognizer._findings(runs, [guesses])]
    assert kept == [("person", runs.starts[3]), ("location", runs.starts[9])]


def test_name_tagger_place_guess_needs_a_known_place_in_lower_case_and_no_capitalised_neighbour():
    from anecdata.read.pii.recognizers.name_tagger import NameTaggerRecognizer
    from anecdata.read.pii.tagger import TaggedSpan, bundled_model

    recognizer = NameTaggerRecognizer(model=bundled_model(), bias={"location": 2.5})
    guess = TaggedSpan(2, 3, "location", 0.9)
    assert not recognizer._place_supported(["her", "big", "upstairs", "turn"], guess)  # no place anyone knows
    assert recognizer._place_supported(["im", "from", "leeds", "and"], guess)
    assert not recognizer._place_supported(["watched", "the", "Independence", "Day", "film"], guess)
    assert recognizer._place_supported(["we", "visited", "Boston", "last", "year"], guess)


def test_name_tagger_common_words_that_are_also_surnames_do_not_support_a_person_guess():
    from anecdata.read.pii.recognizers.name_tagger import NameTaggerRecognizer
    from anecdata.read.pii.tagger import TaggedSpan, bundled_model

    recognizer = NameTaggerRecognizer(model=bundled_model(), bias={"person": 2.5})
    guess = TaggedSpan(0, 1, "person", 0.3)
    assert not recognizer._person_supported(["Justice", "for", "all"], guess)
    assert recognizer._person_supported(["Rebecca", "said", "so"], guess)
