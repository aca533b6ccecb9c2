"""Reading articles from files, standard input and JSON Lines."""
