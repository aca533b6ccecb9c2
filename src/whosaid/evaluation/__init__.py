"""Evaluation of whosaid against annotated corpora."""
