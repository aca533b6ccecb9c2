"""Models shipped inside the package (nothing is downloaded at run time)."""

from pathlib import Path

NEWS_MODEL_PATH = Path(__file__).parent / "en_whosaid_news"
