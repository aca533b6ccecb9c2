"""Models shipped inside the package (nothing is downloaded at run time)."""

from pathlib import Path

MODELS_PATH = Path(__file__).parent
NEWS_MODEL_PATH = MODELS_PATH / "en_whosaid_news"
# The "accurate" profile's attribution model: a fine-tuned MiniLM encoder (ONNX, int8),
# its tokenizer and settings; the rest of that pipeline is the news model's.
ENCODER_ATTRIBUTION_PATH = Path(__file__).parent / "en_whosaid_encoder_attribution"
# The "precise" profile's: a fine-tuned MPNet-base encoder (ONNX, int8 weights; run in int8
# arithmetic with its outlier channels apart: whosaid.pipeline.int8_graph).
ENCODER_PRECISE_PATH = Path(__file__).parent / "en_whosaid_encoder_precise"
# First name -> "male"/"female", learned from coreference in PolNeAR train
# (python -m whosaid.training.name_genders), for pronoun resolution.
FIRST_NAME_GENDERS_PATH = Path(__file__).parent / "first_name_genders.json"
# First name -> "male"/"female" as given to US babies (SSA), weaker evidence for the same.
GIVEN_NAME_GENDERS_PATH = Path(__file__).parent / "given_name_genders.json"
# Capital (and its ASCII alternative names) -> country code, built by `python -m whosaid.pipeline.places`.
CAPITALS_PATH = Path(__file__).parent / "capitals.json"
# Names (lower case) of cities of 100,000 people or more and of US states, built the same way.
CITY_NAMES_PATH = Path(__file__).parent / "city_names.json"
# Weights of the mention ranker that resolves pronoun and description speakers
# (whosaid.pipeline.antecedents), trained by `whosaid train --stage antecedents`.
ANTECEDENTS_PATH = Path(__file__).parent / "antecedents.json"
# The word-level coreference models (whosaid.pipeline.coreference): ONNX pair scorers and their
# settings, trained by `whosaid train --stage coref` on GUM's gold chains; the default reads the
# accurate profile's encoder states too, the fast one the base pipeline's features alone.
COREF_MODEL_PATH = MODELS_PATH / "en_whosaid_coref"
COREF_FAST_MODEL_PATH = MODELS_PATH / "en_whosaid_coref_fast"
# Weights of the statement confidence (whosaid.pipeline.statement_confidence), one set per
# profile, fitted by `whosaid train --stage statement-confidence`.
STATEMENT_CONFIDENCE_PATH = Path(__file__).parent / "statement_confidence.json"
# The sentence encoder that compares paraphrased reports of one claim (whosaid.provenance.sentences):
# all-MiniLM-L6-v2 as published (ONNX, int8), exported by `whosaid train --stage sentence-encoder`.
SENTENCE_ENCODER_PATH = MODELS_PATH / "en_whosaid_sentences"

# Articles the pipeline takes at a time. en_core_web_md's own nlp.pipe over the 84 PolNeAR dev
# articles peaks at 790 MB with 16, 532 MB with 4, no slower (2026-12-03).
ARTICLES_PER_BATCH = 4
