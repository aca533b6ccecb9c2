"""Running the pipeline over articles: chunking, and the processing backends."""
