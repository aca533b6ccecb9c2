import pytest

from whosaid.errors import InvalidRecordError
from whosaid.ingest.html import article_from_html

PAGE = b"""<html><head><title>Dam finished | Wire</title>
<meta property="og:site_name" content="Wire"><meta name="date" content="2026-03-12">
<link rel="canonical" href="https://wire.example/dam"></head>
<body><nav>Home | World | Sport</nav><article><h1>Dam finished</h1>
<p>The minister said on Tuesday that the dam was finished, officials in the capital said today.</p>
<p>"We agreed to build it together," he said. <script>alert("no")</script></p></article>
<footer>Copyright</footer></body></html>"""


def test_main_text_and_metadata():
    article = article_from_html(PAGE, "page.html")
    assert article.meta.title == "Dam finished"
    assert (article.meta.outlet, article.meta.url) == ("Wire", "https://wire.example/dam")
    assert article.meta.published.isoformat() == "2026-03-12"
    assert "the dam was finished" in article.text and "Copyright" not in article.text
    assert "alert" not in article.text
    assert "\n\n" in article.text, "paragraphs are separated by blank lines"


def test_page_without_text_is_a_clear_error():
    with pytest.raises(InvalidRecordError, match="no article text"):
        article_from_html(b"<html><body><script>var x = 1;</script></body></html>", "empty.html")
