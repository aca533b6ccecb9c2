"""The article-level analyses, as components any English pipeline can take."""

from __future__ import annotations

from spacy.language import Language

from whosaid.pipeline import entities, layout, quantities, statement_confidence, statements, times

# In pipeline order: statements read what the others wrote.
ARTICLE_COMPONENTS = {
    "layout": layout.FACTORY,
    "entities": entities.FACTORY,
    "quantities": quantities.FACTORY,
    "times": times.FACTORY,
    "statements": statements.FACTORY,
    "statement_confidence": statement_confidence.FACTORY,
}


def add_article_components(nlp: Language) -> Language:
    """Add layout, entities, quantities, times, statements and their confidence (fitted for the
    fast profile's attribution model) at the end of a pipeline (those it lacks).

    They read the parse, the named entities and the attributions where present; on a
    pipeline without them (`spacy.blank("en")`) they find what rules alone can.
    """
    for name, factory in ARTICLE_COMPONENTS.items():
        if name not in nlp.pipe_names:
            nlp.add_pipe(factory, name=name)
    return nlp
