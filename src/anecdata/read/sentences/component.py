"""The ``anecdata_sentences`` component: sets sentence starts from :func:`split_sentences`."""

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from anecdata.read.sentences.rules import split_sentences


class SentenceSplitter:
    """Marks ``token.is_sent_start`` so that ``doc.sents`` follows forum-aware sentence rules."""

    def __call__(self, doc: Doc) -> Doc:
        starts = [s for s, _ in split_sentences(doc.text)]
        flags = numpy.full((len(doc), 1), -1, dtype="int32")  # -1: not a sentence start
        k = 0
        for token in doc:
            # The first non-space token at or after a sentence's first character starts it.
            end = token.idx + len(token.text)
            if token.i == 0 or (not token.is_space and k < len(starts) and end > starts[k]):
                flags[token.i, 0] = 1
                while k < len(starts) and starts[k] < end:
                    k += 1
        # One bulk write: setting token.is_sent_start token by token costs time quadratic in the tokens.
        if len(doc):
            doc.from_array([SENT_START], flags.astype("uint64"))
        return doc


@Language.factory("anecdata_sentences", assigns=["token.is_sent_start"])
def make_sentence_splitter(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter()
