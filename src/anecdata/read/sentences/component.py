"""The ``anecdata_sentences`` component: sets sentence starts from :func:`split_sentences`."""

from spacy.language import Language
from spacy.tokens import Doc

from anecdata.read.sentences.rules import split_sentences


class SentenceSplitter:
    """Marks ``token.is_sent_start`` so that ``doc.sents`` follows forum-aware sentence rules."""

    def __call__(self, doc: Doc) -> Doc:
        starts = [s for s, _ in split_sentences(doc.text)]
        k = 0
        for token in doc:
            # The first non-space token at or after a sentence's first character starts it.
            is_start = token.i == 0
            if not token.is_space and k < len(starts) and token.idx + len(token.text) > starts[k]:
                is_start = True
                while k < len(starts) and starts[k] < token.idx + len(token.text):
                    k += 1
            token.is_sent_start = is_start
        return doc


@Language.factory("anecdata_sentences", assigns=["token.is_sent_start"])
def make_sentence_splitter(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter()
