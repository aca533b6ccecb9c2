from whosaid.record.model import measure


def test_a_measure_is_what_is_counted_in_what_per_what():
    assert measure("engineers", "engineers", None) == "engineers"
    assert measure("Soldiers killed", "soldiers", None) == "soldiers killed"
    assert measure("USD", "revenue", None) == "revenue (USD)"
    assert measure("USD", "dividend", "share") == "dividend (USD) per share"
    # however the text words a share: "52 percent of voters", "turnout was 61 percent"
    assert measure("percent of voters", "voters", None) == "voters (percent)"
    assert measure("percent", "turnout", None) == "turnout (percent)"
    assert measure("percent, turnout", "turnout", None) == "turnout (percent)"
    assert measure("point lead", "lead", None) == "lead (points)"
    assert measure("degree threshold", "threshold", None) == "threshold (degrees)"
    assert measure("percentage points", "growth", None) == "growth (percentage points)"
    assert measure("patients", "patients", "day") == "patients per day"


def test_an_amount_that_does_not_say_what_it_counts_has_no_measure():
    assert measure("USD", None, None) is None
    assert measure("percent", None, None) is None
    assert measure("percentage points", None, None) is None
    assert measure("EUR", None, "month") is None
    assert measure(None, "engineers", None) is None
    assert measure("", None, None) is None and measure(", ", "x", None) is None  # an old record's stray unit
