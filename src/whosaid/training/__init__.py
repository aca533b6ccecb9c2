"""Training whosaid's own English news pipeline from the shared corpora.

Nothing here runs at extraction time: these modules convert PolNeAR's CoreNLP
annotations (and GUM, for the tag map) into spaCy training data, and drive
resumable training.
"""
