"""Models shipped inside the package (nothing is downloaded at run time)."""

from pathlib import Path

NEWS_MODEL_PATH = Path(__file__).parent / "en_whosaid_news"
# The "accurate" profile's attribution component (on MiniLM features); the rest
# of that pipeline is the news model's.
ACCURATE_ATTRIBUTION_PATH = Path(__file__).parent / "en_whosaid_accurate_attribution"
