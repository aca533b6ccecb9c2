"""Claims across articles: which statements report the same claim, and where each came from."""
