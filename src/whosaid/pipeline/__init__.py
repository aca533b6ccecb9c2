"""spaCy pipeline components and the Doc extensions they use."""
