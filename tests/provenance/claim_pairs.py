"""Pairs of contents by one speaker, written for choosing and checking the claim threshold
(whosaid.provenance.claims): (one, other, same claim?)."""

PAIRS = [
    # copies, with and without quotation marks
    ('"The dam is safe and will hold through the winter,"', "The dam is safe and will hold through the winter", True),
    # an excerpt of a longer quote
    ('"Our engineers found no cracks in the main wall"',
     '"Our engineers found no cracks in the main wall, and the water level is falling,"', True),
    # the same claim, but four words are too few to join on: abstain
    ("the dam is safe", '"The dam is safe and will hold through the winter"', False),
    # a copy edited
    ('"We will rebuild every bridge by June"', '"We will rebuild every bridge by the end of June"', True),
    # indirect speech that keeps the words
    ("that the government would rebuild every bridge by June", '"We will rebuild every bridge by June"', True),
    ('"more than 5,000 engineers arrived last spring"', "more than 5,000 engineers had arrived last spring", True),
    # the figure changed: one claim, reported with drift
    ('"5,000 engineers arrived last spring"', '"3,000 engineers arrived last spring"', True),
    ("talks with Seoul were useful and would continue next month",
     '"The talks with Seoul were useful and will continue next month"', True),
    # apostrophes and accents
    ("“We don’t expect the reservoir to overflow”", "\"We don't expect the reservoir to overflow\"", True),
    # indirect speech around words quoted from the claim
    ('residents not to eat fish from the river "until we say so"',
     '"Do not eat fish from the Wendle until we say so"', True),
    ('the damage is "not in the wall itself"', '"The cracks are in the spillway, not in the wall itself"', True),
    # ... but not words quoted after a word of saying: another report's, nested in this one
    ('that he plans to introduce a bill after an effort that Lee said would make "a terrible situation even worse"',
     '"The House bill would make a terrible situation even worse for the island"', False),
    # ... but three quoted words are too few to tell whose words they copy
    ('she wanted "engineers, not soldiers"', '"We have asked for engineers, not soldiers, and they have come"', False),
    # the same words about different names: different claims (a hand check of PolNeAR claims)
    ("to impose a 35 percent tax on Carrier products from Mexico",
     "to impose a 35 percent tax on imported Ford vehicles", False),
    # ... and a name shared, or no name on one side, leaves the words to decide
    ("that Ford would pay a 35 percent tax on cars from Mexico",
     '"Ford will pay a 35 percent tax on cars made in Mexico"', True),
    ("that the company would pay a 35 percent tax on cars from abroad",
     '"Ford will pay a 35 percent tax on cars from abroad"', True),
    # different claims by the same speaker, on the same story
    ('"We will rebuild every bridge by June"', '"We will rebuild every school by September"', False),
    ('"The talks were useful and we agreed to meet again"', '"The talks were a failure"', False),
    ('"The dam is safe and will hold through the winter"', '"The dam will be inspected again in the spring"', False),
    ("that 300 soldiers had been killed in the fighting", "that the fighting had spread to the north", False),
    ('"We thank our friends for the skilled engineers"', '"We thank the volunteers for their courage"', False),
    ("the army would withdraw from the border by Friday", "the army would not negotiate with the rebels", False),
    ('"Prices will fall next year"', '"Prices rose faster than wages this year"', False),
    ("the company would cut 2,000 jobs in Europe", "the company would open two factories in Asia", False),
    ('"It is a question of time"', '"It is a question we will answer in court"', False),
]  # fmt: skip
