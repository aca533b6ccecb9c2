import pytest
from spacy.tokens import Doc, Span

from whosaid.pipeline.quantities import figure_kinds, measure_of, measures_in, quantities_in


def found(nlp, text):
    doc = nlp(text)
    return [(doc[q.start : q.end].text, q.value, q.value_max, q.bound, q.unit) for q in quantities_in(doc)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials believe more than 5,000 engineers arrived.", ("5,000", 5000, None, ">", "engineers")),
        ("Roughly 300 were killed.", ("300", 300, None, "~", "killed")),
        ("He said thousands more were injured.", ("thousands", 2000, None, ">=", "injured")),
        ("Twelve soldiers were wounded.", ("Twelve", 12, None, "=", "soldiers wounded")),
        ("At least 1,200 troops crossed.", ("1,200", 1200, None, ">=", "troops")),
        ("The deal is worth $4.5 billion.", ("$4.5 billion", 4.5e9, None, "=", "USD")),
        ("Thousands of people fled.", ("Thousands", 2000, None, ">=", "people")),
        ("Dozens of people were hurt.", ("Dozens", 24, 100, "=", "people")),
        ("The bill costs 20-30 dollars.", ("20-30", 20, 30, "=", "USD")),
        ("The poll found 52 percent of voters backed the plan.", ("52", 52, None, "=", "percent of voters")),
        ("Nurses won a 3 percent pay rise.", ("3", 3, None, "=", "percent pay rise")),
        ("Turnout rose 12 percent in March.", ("12", 12, None, "=", "percent, turnout")),
        ("Support for the mayor fell to 38%.", ("38", 38, None, "=", "percent, support")),
        ("Polls showed a 5-point jump.", ("5", 5, None, "=", "point jump")),
        ("The treaty sets a 2-degree threshold.", ("2", 2, None, "=", "degree threshold")),
        # a multiple of a multitude is a range as vague as its words (issue 35)
        ("It cost tens of millions of dollars.", ("tens of millions", 1e7, 1e8, "=", "USD")),
        # currencies to ISO codes whatever the spelling (issue 35)
        ("It lost US$300 million in March.", ("US$300 million", 3e8, None, "=", "USD")),
        ("The fund holds EUR 3 billion.", ("EUR 3 billion", 3e9, None, "=", "EUR")),
        ("It raised A$5 million.", ("A$5 million", 5e6, None, "=", "AUD")),
        ("Hundreds of thousands of people marched.", ("Hundreds of thousands", 1e5, 1e6, "=", "people")),
        ("Hundreds of homes were flooded.", ("Hundreds", 200, None, ">=", "homes")),
        # cases of the figure gold set (samples/figures, issue 35)
        ("The PAC raised $846.8million.", ("$846.8million", 846.8e6, None, "=", "USD")),
        ("The haul passed $1B in May.", ("$1B", 1e9, None, "=", "USD")),
        ("Twenty-seven states sued.", ("Twenty-seven", 27, None, "=", "states")),
        ("The region won a 3-million-euro grant.", ("3-million", 3e6, None, "=", "EUR")),
        ("Rates rose from 5 percent to 25 percent.", ("5 percent to 25", 5, 25, "=", "percent")),
        ("The rate fell 0.2 percent to 4.1 percent.", ("4.1", 4.1, None, "=", "percent, rate")),
        ("Nearly 70 percent of residents agreed.", ("70", 70, None, "~", "percent of residents")),
        ("It kept as much as 19.9 percent of the stake.", ("19.9", 19.9, None, "<=", "percent of stake")),
        ("Polls differ. Forty-three percent said so.", ("Forty-three", 43, None, "=", "percent")),
        # bounds after the number, and verbs and prepositions of a threshold
        ("Donors gave $3 million or more apiece.", ("$3 million", 3e6, None, ">=", "USD")),
        ("Most donors gave $200 or less.", ("$200", 200, None, "<=", "USD")),
        ("The haul surged past $1 billion.", ("$1 billion", 1e9, None, ">", "USD")),
        # (a share with no "of" says nothing of whose share it is)
        ("The share exceeds 7 percent.", ("7", 7, None, ">", "percent")),
        ("The debt is nearing $20 trillion.", ("$20 trillion", 2e13, None, "~", "USD")),
        ("Donations barreled past the $1billion mark.", ("$1billion", 1e9, None, ">", "USD")),
        ("Sales topped the $1 billion mark.", ("$1 billion", 1e9, None, ">", "USD")),
        ("He spoke about the 1,000 mark.", ("1,000", 1000, None, "=", "mark")),  # no threshold verb
        # a fraction of a share
        ("They make up less than half of 1 percent of arrivals.", ("half of 1", 0.5, None, "<", "percent of arrivals")),
        ("It fell to a third of 1 percent.", ("a third of 1", 1 / 3, None, "=", "percent")),
        ("Half of 300 soldiers died.", ("300", 300, None, "=", "soldiers")),  # of a count: the count
        # the part of a ratio counts what its whole counts
        ("The slide shows that eight of 10 avocados are grown in Mexico.", ("eight", 8, None, "=", "avocados")),
        ("About 1 in 4 residents lived in poverty.", ("1", 1, None, "~", "residents")),
        # a bare number counts what the figure it is compared with or picked from counts (issue 35)
        ("The firm has 987 subsidiaries abroad, 537 of which are offshore.", ("537", 537, None, "=", "subsidiaries")),
        ("The case will be heard by 10 judges rather than 11.", ("11", 11, None, "=", "judges")),
        ("Of the 10 judges who will hear it, six were appointed by Democrats.", ("six", 6, None, "=", "judges")),
        (
            "A study found 1 in 4 residents lived in poor areas, up from 1 in 10 in 2000.",
            ("10", 10, None, "=", "residents"),
        ),
        # what the parse hangs elsewhere, and children said without the word
        (
            "The plan would raise taxes on 8 million low- and middle-income Americans.",
            ("8 million", 8e6, None, "=", "low- and middle-income Americans"),
        ),
        ("The senator, a mother of three, voted against it.", ("three", 3, None, "=", "children")),
        # and what those rules must leave alone (a review's cases)
        ("It raised $5 million from 1,200.", ("1,200", 1200, None, "=", None)),  # no "up from"
        ("There are 45 inspectors for 3,000 plants, down from 60.", ("60", 60, None, "=", None)),  # which of two?
        ("Of the 10 judges who heard 3 cases, six dissented.", ("six", 6, None, "=", "judges")),  # the opening's
        ("The 3 trucks carried more than 500.", ("500", 500, None, ">", None)),  # its own bound, no comparison
        ("The firm hired 20 engineers in May and hopes to hire 30 by June.", ("30", 30, None, "=", None)),
        ("The storm killed 12 in three states.", ("12", 12, None, "=", None)),  # not "states"
        ('"Three Republicans voted against it," Ruiz said.', ("Three", 3, None, "=", "Republicans")),
        ("The party lost in the past two elections.", ("two", 2, None, "=", "elections")),
        ("It will cost $5 million or more likely $7 million.", ("$5 million", 5e6, None, "=", "USD")),
        ("Clinton has 45 percent.", ("45", 45, None, "=", "percent, clinton")),
    ],
)
def test_value_bound_and_what_is_counted(nlp, text, expected):
    assert expected in found(nlp, text)


def test_a_multiple_of_a_multitude_is_one_figure(nlp):
    assert [text for text, *_ in found(nlp, "Hundreds of thousands of people marched.")] == ["Hundreds of thousands"]


def test_spelled_out_numbers_and_ranges(nlp):
    results = found(nlp, "Between 200 and 300 troops stayed, and two hundred and fifty left.")
    values = {(value, value_max) for _, value, value_max, _, _ in results}
    assert (200, 300) in values
    assert (250, None) in values


def test_a_higher_number_first_makes_two_figures_not_a_range(nlp):
    results = found(nlp, "She said the vote was 1,842 to 611, and the home side won 3-1.")
    assert [(text, value, value_max) for text, value, value_max, _, _ in results] == [
        ("1,842", 1842, None),
        ("611", 611, None),
        ("3", 3, None),
        ("1", 1, None),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The court issued a 5-4 decision.", [("5", "votes", "decision"), ("4", "votes", "decision")]),
        ("The court ruled 5-4 on Monday.", [("5", "votes", "ruled"), ("4", "votes", "ruled")]),
        ("The board voted 1,842 to 611.", [("1,842", "votes", "voted"), ("611", "votes", "voted")]),
        ("The home side won 3-1.", [("3", None, None), ("1", None, None)]),  # a score, no tally
    ],
)
def test_a_tally_counts_votes_with_the_word_that_says_so_as_evidence(nlp, text, expected):
    doc = nlp(text)
    assert [
        (doc[q.start : q.end].text, q.unit, doc[q.unit_tokens[0]].text if q.unit_tokens else None)
        for q in quantities_in(doc)
    ] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The court issued a 5-4 decision.", [("votes", "decision"), ("votes", "decision")]),
        ("The board voted 1,842 to 611.", [("votes", "voted"), ("votes", "voted")]),
        ("She is a mother of three.", [("children", "mother")]),
        ("He was a grandfather of seven.", [("grandchildren", "grandfather")]),
        # a ratio "in favor" is of votes; one of a margin says nothing of what it counts
        ("Both parties split 4 to 1 in favor.", [("votes", "favor")]),
        ("They won by a 3 to 1 margin.", [(None, "")]),
    ],
)
def test_a_tally_counts_votes_and_a_parent_of_three_children_the_words_that_say_so_their_evidence(nlp, text, expected):
    doc = nlp(text)
    measures = [measure_of(doc, quantity) for quantity in quantities_in(doc)]
    assert [(m.counts, " ".join(doc[i].text for i in m.counts_tokens)) for m in measures] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Net income was $412 million, or $2.05 a share, compared with $351 million a year earlier.",
            [("net income", None), ("net income", "share"), ("net income", None)],
        ),
        (
            "The law caps the price of a transit pass at €49 a month, down from €62.",
            [("transit pass", "month"), ("transit pass", None)],
        ),
        # only a figure of the same unit; none where nothing before it says what it counts
        ("Profit was $5 million, compared with 3 percent.", [("profit", None), (None, None)]),
        ("It was $5 million, compared with $3 million.", [(None, None), (None, None)]),
        # points that change a share before them
        (
            "Agency staff made up 12 percent of the workforce, 3 percentage points more than a year before.",
            [("workforce", None), ("workforce", None)],
        ),
        ("Economies will grow 1.6 percent, down 0.2 percentage points.", [("economies growth", None)] * 2),
        (
            "Economies will grow 1.6 percent, and jobs 0.2 percentage points.",
            [("economies growth", None), (None, None)],
        ),
        # in the same role: a subject in the sentence, or the same verb's object in the sentences before
        (
            "The poll found 45 percent of voters backed it, while 41 percent opposed it.",
            [("voters", None), ("voters", None)],
        ),
        (
            "The top 10 percent paid 69 percent of all taxes. The middle fifth paid 8.9 percent.",
            [(None, None), ("taxes", None), ("taxes", None)],
        ),
        (
            "Apple would owe $65.4 billion in taxes; Nike keeps $10.7 billion offshore.",
            [("taxes", None), (None, None)],
        ),
        # the level of a subject that stands for a figure before it
        (
            "Nearly 10% of the population is Polish American. In Pennsylvania the share exceeds 7%; it approaches 9%.",
            [("population", None), ("population", None), ("population", None)],
        ),
        ("Revenue was $3 billion last year. It was $2 billion the year before.", [("revenue", None)] * 2),
        # but a speaker's "it" in what they are reported to have said is theirs: no guess
        ("Net income was $412 million. Berg said it was about $2 million.", [("net income", None), (None, None)]),
        # outdone by a figure before it, the verb's subject
        (
            "Donations passed the $1 billion mark. That surpasses the $846.8 million of 2012.",
            [("donations", None), ("donations", None)],
        ),
    ],
)
def test_an_amount_compared_with_one_before_it_counts_what_that_one_counts(nlp, text, expected):
    doc = nlp(text)
    quantities = quantities_in(doc)
    measures = measures_in(doc, quantities)
    assert [(measure.counts, measure.per) for measure in measures] == expected
    assert all(doc[i].lower_ in measure.counts for measure in measures if measure.counts for i in measure.counts_tokens)


def test_cents_and_pence_are_hundredths_of_their_currency(nlp):
    results = found(nlp, "Gas rose 12 cents to $3.40 a gallon, and a stamp costs 50 pence.")
    assert [(value, unit) for _, value, _, _, unit in results] == [(0.12, "USD"), (3.4, "USD"), (0.5, "GBP")]
    assert [(value, unit) for _, value, _, _, unit in found(nlp, "The fare is 20 euro cents.")] == [(0.2, "EUR")]
    # bare cents are those of the currency last named, if it has cents
    in_euros = "Revenue fell to 3.6 billion euros, and profit to 41 cents a share. Fares rose to $2.75 from 90 cents."
    assert [unit for *_, unit in found(nlp, in_euros)] == ["EUR", "EUR", "USD", "USD"]
    assert [unit for *_, unit in found(nlp, "Profit was 41 cents a share.")] == ["USD"]
    assert found(nlp, "He found thousands of pennies.")[0][1:] == (2000, None, ">=", "pennies")  # not divided


def test_a_fraction_s_numerator_is_no_count(nlp):
    assert found(nlp, "He will be eligible for parole after serving two-thirds of his term.") == []
    shares = found(nlp, "Three-quarters of the budget, or 40 percent, went to defence.")
    assert [words for words, *_ in shares] == ["40"]


def test_a_tally_word_does_not_turn_shares_into_votes(nlp):
    results = found(nlp, "Support fell 52 percent to 48 percent in the vote.")
    assert [unit for *_, unit in results] == ["percent, support", "percent, support"]


def test_percent_and_dates_are_not_counts_of_things(nlp):
    results = found(nlp, "Prices rose 3.5% in 2024, on March 3.")
    assert [(value, unit) for _, value, _, _, unit in results] == [(3.5, "percent, prices")]


@pytest.mark.parametrize(
    ("text", "not_figures", "figures"),
    [
        ("The 2016 election drew 58 Fortune 500 companies.", ["2016", "500"], ["58"]),
        # a decade
        (
            "The banker, who came to symbolize greed during the 80’s before falling from grace, has 40 mills.",
            ["80"],
            ["40"],
        ),
        ("Prices soared in the 1990's, when 40 mills closed.", ["1990"], ["40"]),
        # a year the NER takes for a number, after a preposition of time; a count of 2016 stays one
        ("It will spend 250 million euros on the rail link by 2027.", ["2027"], ["250 million"]),
        ("The company had hired 2016 workers since 2015.", ["2015"], ["2016"]),
        ("The work will be completed by the end of 2027.", ["2027"], []),
        ("Clashes in 2021 and 2022 killed more than 100 people.", ["2021", "2022"], ["100"]),
        ("A total of 2000 people came.", [], ["2000"]),
        ("Attendance fell from 2000 to 1500.", [], ["2000", "1500"]),
        ("Steel output dropped 12 percent in 2031.", ["2031"], ["12"]),
        ("The fleet grew to 40 ships in 2027 and 2028.", ["2027", "2028"], ["40"]),
        ("It was filed under Article 21 of the charter.", ["21"], []),
        ("Ana Crutcher, 40, a father of two, was shot.", ["40"], ["two"]),
        ("He served 18 years and spoke for 90 minutes.", ["18", "90"], []),
        ("One Democratic source said the plan had stalled.", ["One"], []),
        ("One person was killed, and more than one building burned.", [], ["One", "one"]),
        ("The town has one Greek Orthodox church and two Catholic ones.", [], ["one", "two"]),
        # and what those rules must leave alone (a review's cases)
        ("About 2000 people attended the rally.", [], ["2000"]),
        ("Each worker will get a $2000 bonus.", [], ["$2000"]),
        ("Police said Tuesday 30 people were killed in the blast.", [], ["30"]),
        ("Trump had 45 percent and Clinton 41 percent.", [], ["45", "41"]),
        ("One soldier died in the attack.", [], ["One"]),
        ("One Democratic source said two senators would vote no.", ["One"], ["two"]),
        # numbers of no value, a number word in a name
        ("The 9/11 families and 12 lawyers cited the 13th Amendment.", ["9/11", "13th"], ["12"]),
        ("The website Zero Hedge said three banks failed.", ["Zero"], ["three"]),
        ("\u201cOn this basis,\u201d Zero Hedge said, \u201cunemployment is high.\u201d", ["Zero"], []),
        ('Three people died in the fire. "Three men came in," she said.', [], ["Three"]),
        ("Three Senate committees approved the bill.", [], ["Three"]),
    ],
)
def test_years_names_ages_durations_and_one_as_a_are_no_figures(nlp, text, not_figures, figures):
    recorded = [words for words, *_ in found(nlp, text)]
    assert not set(not_figures) & set(recorded), recorded
    assert set(figures) <= set(recorded), recorded


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Net income was $412 million, or $2.05 a share.", [("net income", None), ("net income", "share")]),
        ("The council approved a €1.8 billion budget.", [("budget", None)]),
        ("Analysts expected earnings of about $1.90 per share.", [("earnings", "share")]),
        ("Revenue rose 9 percent to $3.4 billion.", [("revenue", None), ("revenue", None)]),
        ("The government set aside £4.5bn for hospital upgrades.", [("hospital upgrades", None)]),
        ("The firm will owe $3.6 billion in taxes.", [("taxes", None)]),
        # the verb that moves money says what it is; "in" after invest or spend is where it goes
        ("The city borrowed 250 million euros.", [("borrowing", None)]),
        ("It plans to invest 2 billion dollars in new depots.", [("investment", None)]),
        ("The mission would cost about 12 million dollars a month.", [("cost", "month")]),
        ("The average weekly benefit would be $300.", [("average weekly benefit", "week")]),
        ("The plan relied on a 6 percent rise in parking fees.", [("rise in parking fees", None)]),
        ("More than 5,000 engineers arrived.", [("engineers", None)]),
        ("Twelve soldiers were wounded.", [("soldiers", None)]),
        # a physical unit is what a figure is measured in; what it counts is what it is of
        ("The plants emit two billion tons per year of carbon dioxide.", [("carbon dioxide", "year")]),
        ("Miners shave off thousands of tons of rock each week.", [("rock", "week")]),
        ("The country pumps 3 million barrels of oil a day.", [("oil", "day")]),
        ("The ship carried 500 tons.", [("tons", None)]),
        # a verb of growth: a share it moves by is growth; one it moves to is a level
        ("The IMF expects that output will expand by a tepid 1.6 percent.", [("output growth", None)]),
        ("Advanced economies will grow 1.6 percent this year.", [("advanced economies growth", None)]),
        ("Unemployment grew to 5 percent in May.", [("unemployment", None)]),
        # what was changed by an amount, as what was changed to it
        ("The board raised its dividend by 5 cents to $1.25.", [("dividend", None), ("dividend", None)]),
        # money given is donations; a participle of what is counted is no verb that moves it
        ("Most contributors have given $200 or less.", [("donations", None)]),
        ("She would give an additional $15 million to the PAC.", [("donations", None)]),
        ("The plan gives cities $60 billion to invest.", [(None, None)]),
        ("She proposes giving states and cities $60 billion to invest in transit.", [(None, None)]),
        ("The trade war would cost billions of dollars in lost output.", [("lost output", None)]),
        ("Our total federal debt is nearing $20 trillion.", [("total federal debt", None)]),
        # a threshold noun says nothing of what the amount is; what reached it does, whatever the verb
        ("Donations topped the $1 billion mark in May.", [("donations", None)]),
        ("Spending barreled past the $1billion mark.", [("spending", None)]),
        # what ranges over amounts; what a verb holds at one, or the estimate's "of"; a mis-tagged noun
        ("Mexico slapped retaliatory tariffs, ranging from 5 percent to 25 percent.", [("retaliatory tariffs", None)]),
        ("Fines range from $100 to $500.", [("fines", None)]),
        ("It held its estimate of global growth steady at 3.1 percent.", [("global growth", None)]),
        ("It increased its British growth forecast to 1.8 percent.", [("growth forecast", None)]),
        ("The campaign has about $100 million remaining.", [(None, None)]),
        # what money is: the price of shares; a phrasal verb; not the verb's "in" before the amount
        ("Shares jumped to $88.15 in afternoon trading.", [("price of shares", None)]),
        ("Most are small-dollar donors who pitch in $200 or less.", [("donations", None)]),
        ("In an illustration of the shift, most donors have given $200 or less.", [("donations", None)]),
        # money held abroad; what money pays for
        ("Apple holds $214.9 billion offshore.", [("offshore holdings", None)]),
        ("He said £120m of the money would pay for a new wing.", [("new wing", None)]),
        # a word joined by hyphens, as written; past a no-break space
        ("Their after-tax incomes would go up by as much as 19.9 percent.", [("after-tax incomes", None)]),
        ("Christians make up less than half of 1\xa0percent of the Syrians arriving.", [("syrians arriving", None)]),
        ("Thousands of seasonal workers were hired.", [("seasonal workers", None)]),
        ("Thousands of other people fled.", [("people", None)]),
        # a time, not a rate; a number with its scale is no noun of what money is
        ("Profit was $5 million a year earlier.", [("profit", None)]),
        ("The plan would save 450 million euros a year from 2028.", [("savings", "year")]),
        ("It will cost $5 million a year from now.", [("cost", None)]),
        ("The PAC raised $64.8million in June.", [("fundraising", None)]),
        # whose share it is, where the text says it, and no guess where it does not
        ("Ruiz won 52 percent of the vote.", [("vote", None)]),
        ("Turnout rose 12 percent in March.", [("turnout", None)]),
        # degrees say what a figure is measured in, not what it counts
        ("Scientists warned of crossing a 2-degree threshold.", [("threshold", None)]),
        ("Temperatures rose 2 degrees.", [("temperatures", None)]),
        ("Ruiz won 52 percent.", [("ruiz", None)]),
        ("Clinton leads Trump by 43 percent to 38 percent.", [(None, None), (None, None)]),
        ("It paid a total of $5 million.", [(None, None)]),
        # a change and a level, not a range (the parser hangs the change on the level: no measure)
        ("Sales rose $1.2 billion to $14 billion.", [(None, None), ("sales", None)]),
        # those an event befell: not where it happened (the README's sample)
        ("Roughly 300 of them were killed in a flood in May.", [(None, None)]),
        ("Thousands more were injured in the blast.", [(None, None)]),
    ],
)
def test_what_a_figure_counts_and_is_per(nlp, text, expected):
    doc = nlp(text)
    measures = [measure_of(doc, quantity) for quantity in quantities_in(doc)]
    assert [(measure.counts, measure.per) for measure in measures] == expected
    for measure in measures:  # the words they are read from
        assert all(doc[i].lower_ in (measure.counts or "") or doc[i].pos_ == "VERB" for i in measure.counts_tokens)
        assert bool(measure.per_tokens) == bool(measure.per)
        assert all(measure.per[:3] in doc[i].lower_ for i in measure.per_tokens[-1:])  # "a week", "weekly"


def parsed(vocab, table):
    """A Doc parsed by hand, so the rules are tested apart from any model's parse: a line per
    token, "word head dep pos tag lemma" (head: the head token's index)."""
    rows = [line.split() for line in table.strip().splitlines()]
    columns = list(zip(*rows))
    columns[1] = [int(head) for head in columns[1]]
    return Doc(vocab, words=columns[0], heads=columns[1], deps=columns[2], pos=columns[3], tags=columns[4],
               lemmas=columns[5])  # fmt: skip


def units(doc):
    return {doc[q.start : q.end].text: q.unit for q in quantities_in(doc)}


def test_a_number_of_which_counts_the_noun_its_relative_clause_qualifies(blank_nlp):
    # "The firm has 987 subsidiaries , 537 of which are offshore ."
    doc = parsed(
        blank_nlp.vocab,
        """
        The 1 det DET DT the
        firm 2 nsubj NOUN NN firm
        has 2 ROOT VERB VBZ have
        987 4 nummod NUM CD 987
        subsidiaries 2 dobj NOUN NNS subsidiary
        , 4 punct PUNCT , ,
        537 9 nsubj NUM CD 537
        of 6 prep ADP IN of
        which 7 pobj PRON WDT which
        are 4 relcl AUX VBP be
        offshore 9 advmod ADV RB offshore
        . 2 punct PUNCT . .
    """,
    )
    assert units(doc) == {"987": "subsidiaries", "537": "subsidiaries"}


def test_a_number_compared_with_a_figure_or_picked_from_it_counts_what_it_counts(blank_nlp):
    # "They chose 10 judges rather than 11 ."
    compared = parsed(
        blank_nlp.vocab,
        """
        They 1 nsubj PRON PRP they
        chose 1 ROOT VERB VBD choose
        10 3 nummod NUM CD 10
        judges 1 dobj NOUN NNS judge
        rather 5 advmod ADV RB rather
        than 3 prep ADP IN than
        11 5 pobj NUM CD 11
        . 1 punct PUNCT . .
    """,
    )
    assert units(compared) == {"10": "judges", "11": "judges"}
    # "Of the 12 jurors , 11 agreed ."
    picked = parsed(
        blank_nlp.vocab,
        """
        Of 6 prep ADP IN of
        the 3 det DET DT the
        12 3 nummod NUM CD 12
        jurors 0 pobj NOUN NNS juror
        , 6 punct PUNCT , ,
        11 6 nsubj NUM CD 11
        agreed 6 ROOT VERB VBD agree
        . 6 punct PUNCT . .
    """,
    )
    assert units(picked) == {"12": "jurors", "11": "jurors"}


def test_a_number_hung_on_an_adjective_counts_its_noun_and_a_parent_of_three_children(blank_nlp):
    # "Taxes rise for 8 million poor Americans ."
    adjective = parsed(
        blank_nlp.vocab,
        """
        Taxes 1 nsubj NOUN NNS tax
        rise 1 ROOT VERB VBP rise
        for 1 prep ADP IN for
        8 4 compound NUM CD 8
        million 5 nummod NUM CD million
        poor 6 amod ADJ JJ poor
        Americans 2 pobj PROPN NNPS American
        . 1 punct PUNCT . .
    """,
    )
    assert units(adjective) == {"8 million": "poor Americans"}
    # "She is a mother of three ."
    parent = parsed(
        blank_nlp.vocab,
        """
        She 1 nsubj PRON PRP she
        is 1 ROOT AUX VBZ be
        a 3 det DET DT a
        mother 1 attr NOUN NN mother
        of 3 prep ADP IN of
        three 4 pobj NUM CD three
        . 1 punct PUNCT . .
    """,
    )
    assert units(parent) == {"three": "children"}


def bounds(doc):
    return {doc[q.start : q.end].text: (q.bound, q.unit) for q in quantities_in(doc)}


def test_a_multitude_in_apposition_counts_what_it_restates_and_of_keeps_its_compounds(blank_nlp):
    # "They had thousands of shootings , thousands this year ."
    restated = parsed(
        blank_nlp.vocab,
        """
        They 1 nsubj PRON PRP they
        had 1 ROOT VERB VBD have
        thousands 1 dobj NOUN NNS thousand
        of 2 prep ADP IN of
        shootings 3 pobj NOUN NNS shooting
        , 2 punct PUNCT , ,
        thousands 2 appos NOUN NNS thousand
        this 8 det DET DT this
        year 6 npadvmod NOUN NN year
        . 1 punct PUNCT . .
    """,
    )
    assert [q.unit for q in quantities_in(restated)] == ["shootings", "shootings"]
    # "Thousands of other shooting victims and millions of asylum seekers ." (no adjective)
    modified = parsed(
        blank_nlp.vocab,
        """
        Thousands 0 ROOT NOUN NNS thousand
        of 0 prep ADP IN of
        other 4 amod ADJ JJ other
        shooting 4 amod VERB VBG shoot
        victims 1 pobj NOUN NNS victim
        and 0 cc CCONJ CC and
        millions 0 conj NOUN NNS million
        of 6 prep ADP IN of
        asylum 9 compound NOUN NN asylum
        seekers 7 pobj NOUN NNS seeker
        . 0 punct PUNCT . .
    """,
    )
    assert units(modified) == {"Thousands": "shooting victims", "millions": "asylum seekers"}
    # "Thousands of Hong Kong protesters marched ." (a compound with its own: the name whole)
    named = parsed(
        blank_nlp.vocab,
        """
        Thousands 5 nsubj NOUN NNS thousand
        of 0 prep ADP IN of
        Hong 3 compound PROPN NNP Hong
        Kong 4 compound PROPN NNP Kong
        protesters 1 pobj NOUN NNS protester
        marched 5 ROOT VERB VBD march
        . 5 punct PUNCT . .
    """,
    )
    assert units(named) == {"Thousands": "Hong Kong protesters"}


# "They gave more than $ 38 million and $ 23 million , respectively ." ("and" -> "or" below)
COORDINATED_AMOUNTS = """
    They 1 nsubj PRON PRP they
    gave 1 ROOT VERB VBD give
    more 3 amod ADJ JJR more
    than 6 quantmod ADP IN than
    $ 6 quantmod SYM $ $
    38 6 compound NUM CD 38
    million 1 dobj NUM CD million
    and 6 cc CCONJ CC and
    $ 10 quantmod SYM $ $
    23 10 compound NUM CD 23
    million 6 conj NUM CD million
    , 1 punct PUNCT , ,
    respectively 1 advmod ADV RB respectively
    . 1 punct PUNCT . .
"""


def test_a_bound_before_coordinated_amounts_bounds_both_but_not_a_restatement_after_or(blank_nlp):
    both = parsed(blank_nlp.vocab, COORDINATED_AMOUNTS)
    assert bounds(both) == {"$ 38 million": (">", "USD"), "$ 23 million": (">", "USD")}
    second = quantities_in(both)[1]
    assert both[second.qualifier[0] : second.qualifier[1]].text == "more than"  # its evidence
    restated = parsed(blank_nlp.vocab, COORDINATED_AMOUNTS.replace("and 6 cc CCONJ CC and", "or 6 cc CCONJ CC or"))
    assert bounds(restated) == {"$ 38 million": (">", "USD"), "$ 23 million": ("=", "USD")}


def test_so_many_to_one_is_one_figure_a_ratio_and_a_tally_stays_two(nlp):
    assert found(nlp, "Both parties split 4 to 1 in favour.") == [("4 to 1", 4, None, "=", "ratio")]
    assert [unit for *_, unit in found(nlp, "The court ruled 8 to 1.")] == ["votes", "votes"]
    # a margin of so many to one is a ratio too ("32% against 11%, a 3 to 1 margin"); "a 60-40 margin" a tally
    assert found(nlp, "Critics outnumber fans by a 3 to 1 margin.")[-1] == ("3 to 1", 3, None, "=", "ratio")
    assert [unit for *_, unit in found(nlp, "The bill passed by a 60-40 margin.")] == ["votes", "votes"]
    assert found(nlp, "Class sizes grew from 20 to 30 pupils.")[0][1:3] == (20, 30)
    # a fall to one and a score are no ratio
    assert [unit for *_, unit in found(nlp, "The number of branches fell from 5 to 1.")] == [None, None]
    assert [unit for *_, unit in found(nlp, "The team won 3 to 1.")] == [None, None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # terms of a ratio, either side
        ("The study found that 1 in 4 residents lived in poor areas, up from 1 in 10 in 2000.",
         [("1", "ratio term"), ("4", "ratio term"), ("1", "ratio term"), ("10", "ratio term")]),
        ("Eight of 10 voters will watch the debate.", [("Eight", "ratio term"), ("10", "ratio term")]),
        ("Five in 10 days is too fast.", [("Five", "count")]),  # a duration is no whole
        # the cut-off of a bracket: a bound in a clause or phrase on a plural common noun
        ("Few of her donors are small donors who pitch in $200 or less.", [("$200", "cut-off")]),
        ("An analysis of super PACs that have raised $1 million or more shows Democrats ahead.",
         [("$1 million", "cut-off")]),
        ("Adelson, who has given more than $20 million, said he would give more.", [("$20 million", "count")]),
        ("Donors gave more than $20 million.", [("$20 million", "count")]),
        ("Just 24 percent of her contributors have given $200 or less.", [("24", "count"), ("$200", "cut-off")]),
        ("Half of the families earn $50,000 or less.", [("$50,000", "cut-off")]),
        ("He gave $200 or less to the campaign.", [("$200", "count")]),
        # a hypothetical tally, a figure wished for
        ("A 4-4 ruling by the high court would leave in place the appeals court ruling.",
         [("4", "hypothetical"), ("4", "hypothetical")]),
        ("The Senate voted 80-19 to pass the bill.", [("80", "count"), ("19", "count")]),
        ("We would have received almost 14 million votes, Trump said.", [("14 million", "count")]),
        ("The White House wanted 60 votes on climate.", [("60", "hypothetical")]),
        ("Clinton wants to sign up 5 million people.", [("5 million", "hypothetical")]),
        ("The plan would create 10,000 jobs.", [("10,000", "count")]),
        ("Sixty percent of Americans want a change.", [("Sixty", "count")]),  # who wants, not what is wanted
        ("The firm reported sales of more than $5 billion.", [("$5 billion", "count")]),
        ("It capped donations of $200 or less.", [("$200", "cut-off")]),
        # a figure that did not come to be; a part of the whole the sentence opens with
        ("The case will be heard by 10 judges rather than 11.", [("10", "count"), ("11", "hypothetical")]),
        ("Of the 10 judges who will hear the case, six were appointed by Democrats.",
         [("10", "count"), ("six", "ratio term")]),
        # a part of a set named before; not a multitude of a class, nor those an event befell
        ("At least four officers came. Two of the officers knelt over him.",
         [("four", "count"), ("Two", "ratio term")]),
        ("Thousands of people marched.", [("Thousands", "count")]),
        ("Roughly 300 of them were killed in a flood.", [("300", "count")]),
        # a label of a kind of thing, not an amount of a unit
        ("Among likely voters in a four-way race, the mayor leads.", [("four", "label")]),
        ("The rebels fight a two-front war.", [("two", "label")]),
        ("The panel issued a 500-page report.", [("500", "label")]),
        ("Her lead grew after a 5-point jump.", [("5", "count")]),
        ("The city won a 3-million-euro grant.", [("3-million", "count")]),
        # a poll's answer to a question put as a clause, or a bare one
        ("Only 48 percent of registered voters agreed that the mayor is fit to serve, while 66 percent said the"
         " same of her rival.", [("48", "answer"), ("66", "count")]),
        ("Thirty-one, yes; fifty-two, no.", [("Thirty-one", "answer"), ("fifty-two", "answer")]),
        ("Among likely voters, 41 percent would choose the mayor.", [("41", "count")]),
        ("The top 1 percent would see their incomes rise.", [("1", "count")]),
    ],
)  # fmt: skip
def test_a_ratio_s_terms_a_bracket_s_cut_off_and_a_hypothetical_are_no_counts(nlp, text, expected):
    doc = nlp(text)
    quantities = quantities_in(doc)
    assert [(doc[q.start : q.end].text, kind) for q, kind in zip(quantities, figure_kinds(doc, quantities))] == expected


def test_a_count_is_a_figure_though_the_ner_calls_it_a_date(blank_nlp):
    # "About 2000 people came ." with "2000" typed DATE, as a fine-tuned NER may; "2000 years" stays a time
    table = """
        About 2 advmod ADV RB about
        2000 2 nummod NUM CD 2000
        {noun} 3 nsubj NOUN NNS {lemma}
        came 3 ROOT VERB VBD come
        . 3 punct PUNCT . .
    """
    people = parsed(blank_nlp.vocab, table.format(noun="people", lemma="people"))
    people.ents = [Span(people, 1, 2, label="DATE")]
    years = parsed(blank_nlp.vocab, table.format(noun="years", lemma="year"))
    years.ents = [Span(years, 0, 3, label="DATE")]
    assert [(q.value, q.unit) for q in quantities_in(people)] == [(2000, "people")]
    assert quantities_in(years) == []
    # "Attendance fell from 2000 to 1500 .": a range's ends are of one kind, a year's range stays times
    table = """
        Attendance 1 nsubj NOUN NN attendance
        fell 1 ROOT VERB VBD fall
        from 1 prep ADP IN from
        2000 2 pobj NUM CD 2000
        to 1 prep ADP IN to
        {end} 4 pobj NUM CD {end}
        . 1 punct PUNCT . .
    """
    counts = parsed(blank_nlp.vocab, table.format(end="1500"))
    counts.ents = [Span(counts, 3, 4, label="DATE"), Span(counts, 5, 6, label="CARDINAL")]
    years = parsed(blank_nlp.vocab, table.format(end="2010"))
    years.ents = [Span(years, 3, 4, label="DATE"), Span(years, 5, 6, label="DATE")]
    assert [counts[q.start : q.end].text for q in quantities_in(counts)] == ["2000", "1500"]
    assert quantities_in(years) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the rest of a set counts what the set counts, said in its sentence or the one before
        ("The ministry delivered the supply contracts for Aldane and Voss. The other three were provided on Friday.",
         [("three", "supply contracts")]),
        ("Two of the suspects were arrested on Monday in the hills. The other three fled.",
         [("Two", "suspects"), ("three", "suspects")]),
        ("The other two said nothing.", [("two", None)]),
        # a bare number as a limit counts the last thing (not a share) counted before it in its sentence
        ("The province had admitted 5,730 seasonal workers, 15 percent over the limit of 5,000.",
         [("5,730", "seasonal workers"), ("15", "percent"), ("5,000", "seasonal workers")]),
        # a poll's bare answers are shares (a spelled number the NER may type DATE)
        ("Is the mayor fit? Forty-three, yes; forty-one, no. Another poll asked it: thirty-nine, yes; fifty, no.",
         [("Forty-three", "percent"), ("forty-one", "percent"), ("thirty-nine", "percent"), ("fifty", "percent")]),
        ("Of the seats, they won 52, no more.", [("52", None)]),  # no answer: a word follows "no"
    ],
)  # fmt: skip
def test_a_number_whose_noun_is_left_out_counts_what_the_text_counted_before(nlp, text, expected):
    doc = nlp(text)
    assert [(doc[q.start : q.end].text, q.unit) for q in quantities_in(doc)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # who moves the money: the verb's subject, the noun a relative clause is on, a group's members
        ("Though Martin Hale has given more than $60 million to his campaign, he said so.",
         [("$60 million", "donations", "Martin Hale")]),
        ("Ruth Okafor, who gave more than $20 million, said so.", [("$20 million", "donations", "Ruth Okafor")]),
        ("Two donors, the investor Ann Lee and the banker Omar Diaz, lead the list, contributing $9 million and"
         " $7 million, respectively.",
         [("Two", "donors", None), ("$9 million", "contributions", "Ann Lee and Omar Diaz"),
          ("$7 million", "contributions", "Ann Lee and Omar Diaz")]),
        ("As a guarantee, the mine's lenders contributed $7.5 million.",
         [("$7.5 million", "contributions", "mine's lenders")]),
        # whose the counted thing is; where the amount went; a figure that counts what one before counts
        ("Apple's revenue rose to $3 billion.", [("$3 billion", "revenue", "Apple")]),
        # who has what is counted: one leader's lead is not another's
        ("In exit polls the senator had a ten-point lead among high earners. In August, that lead was 7 points.",
         [("ten", "lead", "senator"), ("7", "lead", None)]),
        ("The firm employs 5,000 engineers.", [("5,000", "engineers", "firm")]),
        ("Donations to regional parties hit $3.2 billion. That surpasses the $2.9 billion of 2019.",
         [("$3.2 billion", "donations", "regional parties"), ("$2.9 billion", "donations", "regional parties")]),
        ("In May, Labour-aligned unions raised £4.2million to £3.1million that went to Conservative groups.",
         [("£4.2million", "fundraising", "Labour-aligned unions"),
          ("£3.1million", "fundraising", "Conservative groups")]),
        ("She bought the ferry, using a $4 million loan from the State of Maine.",
         [("$4 million", "loan", "State of Maine")]),
        ("Sixty-two individuals, companies and unions gave $3million each.",
         [("Sixty-two", "individuals", None), ("$3million", "donations", "individuals, companies and unions")]),
        # none where the text does not say, nor a pronoun, nor a figure, nor how ("by proxy")
        ("Most delegates attended the meeting, with another 12 percent voting by proxy.", [("12", "voting", None)]),
        ("He gave $5 million.", [("$5 million", "donations", None)]),
        ("The mayor sits at 61 percent support, a 9 percent drop from the 70 percent she won.",
         [("61", "support", None), ("9", "drop", None), ("70", None, None)]),
    ],
)  # fmt: skip
def test_whose_a_figure_is_where_the_text_says_it(nlp, text, expected):
    doc = nlp(text)
    quantities = quantities_in(doc)
    measures = measures_in(doc, quantities)
    assert [(doc[q.start : q.end].text, m.counts, m.whose) for q, m in zip(quantities, measures)] == expected
    for measure in measures:  # its evidence: the words that name it (an entity's mention may be shorter)
        assert bool(measure.whose_tokens) == bool(measure.whose)
        assert all(doc[i].text in (measure.whose or "") for i in measure.whose_tokens if not doc[i].is_punct)
