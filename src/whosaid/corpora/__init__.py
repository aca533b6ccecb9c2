"""Readers for annotated corpora (used by training and evaluation)."""
