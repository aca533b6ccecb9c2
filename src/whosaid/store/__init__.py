"""The claim ledger: Article records stored across articles, and queries over them."""
