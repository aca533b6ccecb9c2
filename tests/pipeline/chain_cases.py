"""The reporting-chain matrix (issue 32): sentences written for it, with the statements they must
give, each as the texts of its speaker, its relays in order, its cue and its content.

Each case is (context, sentence, statements): the context (earlier sentences, a dateline) gives a
pronoun or a description its referent; the statements, each (speaker, relays, cue, content), are
all those whose cue lies in the sentence, in text order (a tuple of such lists: any of them).

The sentences and names are invented for this matrix."""

BERG = "Deputy Minister Tom Berg visited the dam on Monday."
RUIZ = "Ana Ruiz leads the teachers' union."
ORBE = "The Orbe Agency is the state news agency."
POST = "The Lakeside Post interviewed teachers on Friday."
DATELINE = "BRAMLEY, May 2 (Nordwire) - Teachers walked out on Monday."

CASES = [
    # "according to Z" after the report: indirect, direct, mixed; named, pronoun, description
    ("", "The government will open 30 centres, Deputy Minister Tom Berg said, according to the state-run Orbe Agency.",
     [("Deputy Minister Tom Berg", ["the state-run Orbe Agency"], "said", "The government will open 30 centres")]),
    (BERG, '"The dam is safe," he remarked, according to the Orbe news agency.',
     [("he", ["the Orbe news agency"], "remarked", '"The dam is safe,"')]),
    ("", "The border will reopen next week, a ministry spokesman said, according to Reuters.",
     [("a ministry spokesman", ["Reuters"], "said", "The border will reopen next week")]),
    ("", 'Tom Berg said the dam was "completely safe", according to the Orbe Agency.',
     [("Tom Berg", ["the Orbe Agency"], "said", 'the dam was "completely safe"')]),
    (BERG, "He said the talks had gone well, according to Xinhua.",
     [("He", ["Xinhua"], "said", "the talks had gone well")]),
    ("", '"We are ready," the minister said, according to state television.',
     [("the minister", ["state television"], "said", '"We are ready,"')]),
    ("", "The talks were useful, the president's office said, according to Yonhap.",
     [("the president's office", ["Yonhap"], "said", "The talks were useful")]),
    ("", 'Ana Ruiz said the offer was "an insult", according to the Lakeside Post.',
     [("Ana Ruiz", ["the Lakeside Post"], "said", 'the offer was "an insult"')]),
    # "According to Z," before the report
    ("", "According to the Orbe Agency, Deputy Minister Tom Berg said the border would reopen on Monday.",
     [("Deputy Minister Tom Berg", ["the Orbe Agency"], "said", "the border would reopen on Monday")]),
    ("", "According to Reuters, the mayor said the bridge would close for a month.",
     [("the mayor", ["Reuters"], "said", "the bridge would close for a month")]),
    (BERG, "According to Xinhua, he said the border would reopen.",
     [("he", ["Xinhua"], "said", "the border would reopen")]),
    # "according to X" where X speaks: no relay
    ("", "The union expects the walkout to last more than a week, according to its leader, Ana Ruiz.",
     [("its leader, Ana Ruiz", [], "according to", "The union expects the walkout to last more than a week")]),
    ("", "The dam will be finished by June, according to Tom Berg.",
     [("Tom Berg", [], "according to", "The dam will be finished by June")]),
    ("", "More than 300 people were killed, according to local officials.",
     [("local officials", [], "according to", "More than 300 people were killed")]),
    ("", "The border will reopen on Monday, according to a statement from the ministry.",
     [("a statement from the ministry", [], "according to", "The border will reopen on Monday")]),
    # belief relayed by an outlet: the believers speak, the outlet relays
    ("", "Officials believe more than 5,000 engineers arrived last spring, according to the Lakeside Post.",
     [("Officials", ["the Lakeside Post"], "believe", "more than 5,000 engineers arrived last spring")]),
    # "as reported by Z", "carried by Z", "published by Z"
    ("", 'President Lind praised the volunteers as "brave" in a letter to the king, as reported by state media on Friday.',
     [("President Lind", ["state media"], "praised", 'the volunteers as "brave" in a letter to the king')]),
    ("", "President Lind hailed the engineers as heroes in a message carried by the Orbe Agency.",
     [("President Lind", ["the Orbe Agency"], "hailed", "the engineers as heroes")]),
    ("", "The minister thanked Norway for its help in a statement published by Xinhua.",
     [("The minister", ["Xinhua"], "thanked", "Norway for its help")]),
    ("", "Tom Berg said the dam was safe, as reported by the Lakeside Post.",
     [("Tom Berg", ["the Lakeside Post"], "said", "the dam was safe")]),
    # "told Z": an outlet is a relay, any other addressee is not
    ("", '"We will stay out for ten days," Ana Ruiz, the union\'s leader, told the Lakeside Post.',
     [("Ana Ruiz, the union's leader,", ["the Lakeside Post"], "told", '"We will stay out for ten days,"')]),
    ("", "Foreign Minister Ken Sato told Kyodo that the talks would resume next month.",
     [("Foreign Minister Ken Sato", ["Kyodo"], "told", "that the talks would resume next month")]),
    ("", "Tom Berg told Reuters the dam would open in June.",
     [("Tom Berg", ["Reuters"], "told", "the dam would open in June")]),
    ("", '"We are not afraid," Ana Ruiz told AFP.',
     [("Ana Ruiz", ["AFP"], "told", '"We are not afraid,"')]),
    ("", "A ministry spokesman told Reuters that the border would reopen.",
     [("A ministry spokesman", ["Reuters"], "told", "that the border would reopen")]),
    (RUIZ, '"Nobody will stop us," she told the newspaper.',
     [("she", ["the newspaper"], "told", '"Nobody will stop us,"')]),
    (POST, '"Nobody will stop us," Ana Ruiz told the newspaper.',
     [("Ana Ruiz", ["the newspaper"], "told", '"Nobody will stop us,"')]),
    (ORBE, "Deputy Minister Tom Berg told the agency that the border would reopen on Monday.",
     [("Deputy Minister Tom Berg", ["the agency"], "told", "that the border would reopen on Monday")]),
    (DATELINE, '"We will stay out," Ana Ruiz told Nordwire.',
     [("Ana Ruiz", ["Nordwire"], "told", '"We will stay out,"')]),
    ("", "Tom Berg told reporters the dam would open in June.",
     [("Tom Berg", [], "told", "the dam would open in June")]),
    ("", "Ana Ruiz told the council that teachers would return on Friday.",
     [("Ana Ruiz", [], "told", "that teachers would return on Friday")]),
    ("", "Tom Berg told a news conference that the dam was safe.",
     [("Tom Berg", [], "told", "that the dam was safe")]),
    # statements made to an outlet: interviews, statements, writing in it
    ("", "Tom Berg said in an interview with the BBC that the dam was safe.",
     [("Tom Berg", ["the BBC"], "said", "that the dam was safe")]),
    ("", "The minister said in a statement to Reuters that talks would resume.",
     [("The minister", ["Reuters"], "said in a statement", "that talks would resume")]),
    ("", "Ana Ruiz wrote in the Lakeside Post that teachers were underpaid.",
     [("Ana Ruiz", ["the Lakeside Post"], "wrote", "that teachers were underpaid")]),
    (BERG, "In an interview with Reuters, he said the dam was safe.",
     [("he", ["Reuters"], "said", "the dam was safe")]),
    # "Z quoted X as saying", "X was quoted by Z", "X, quoted by Z, said", "Z cited X"
    ("", "The Orbe Agency quoted Tom Berg as saying the border would reopen.",
     [("Tom Berg", ["The Orbe Agency"], "saying", "the border would reopen")]),
    ("", "KCNA quoted a military spokesman as saying the drills were a provocation.",
     [("a military spokesman", ["KCNA"], "saying", "the drills were a provocation")]),
    ("", "Reuters cited a ministry official as saying the deal was close.",
     [("a ministry official", ["Reuters"], "saying", "the deal was close")]),
    ("", "An aide to the governor quoted by Reuters said the plan was dead.",
     [("An aide to the governor", ["Reuters"], "said", "the plan was dead")]),
    ("", "A senior official cited by Bloomberg said the deal was close.",
     [("A senior official", ["Bloomberg"], "said", "the deal was close")]),
    ("", "Tom Berg, quoted by the Orbe Agency, said the dam was safe.",
     [("Tom Berg,", ["the Orbe Agency"], "said", "the dam was safe")]),
    # a participle clause is part of the report (in its content, or a statement of the same speaker's)
    (BERG, "He also said he had spoken with the president by phone, agreeing to expand trade.",
     ([("He", [], "also said", "he had spoken with the president by phone, agreeing to expand trade")],
      [("He", [], "also said", "he had spoken with the president by phone"), ("He", [], "agreeing", "to expand trade")])),
    ("", "Tom Berg said the dam was finished, adding that it would open in June.",
     [("Tom Berg", [], "said", "the dam was finished"), ("Tom Berg", [], "adding", "that it would open in June")]),
    # more of each: mixed speech, pronouns and descriptions with the relay before and after
    ("", 'According to Reuters, Ana Ruiz called the offer "an insult".',
     [("Ana Ruiz", ["Reuters"], "called", 'the offer "an insult"')]),
    ("", "According to the Lakeside Post, a police spokesman said two people were hurt.",
     [("a police spokesman", ["the Lakeside Post"], "said", "two people were hurt")]),
    ("", 'According to Xinhua, Tom Berg said: "The dam is safe."',
     ([("Tom Berg", ["Xinhua"], "said", '"The dam is safe."')],
      [("Tom Berg", ["Xinhua"], "said:", '"The dam is safe."')])),  # PolNeAR's cues take the colon as often
    (RUIZ, "She told Reuters that the strike would go on.",
     [("She", ["Reuters"], "told", "that the strike would go on")]),
    ("State television showed the dam.", "Tom Berg told the broadcaster that the dam was safe.",
     [("Tom Berg", ["the broadcaster"], "told", "that the dam was safe")]),
    (f"{DATELINE}\n\n{RUIZ}", '"We will stay out," she told Nordwire.',
     [("she", ["Nordwire"], "told", '"We will stay out,"')]),
    ("", "Tom Berg was quoted by Xinhua as saying the talks were useful.",
     [("Tom Berg", ["Xinhua"], "saying", "the talks were useful")]),
    ("", "The ministry thanked the volunteers in a statement carried by the Orbe Agency.",
     [("The ministry", ["the Orbe Agency"], "thanked", "the volunteers")]),
    ("", "Tom Berg told the BBC in an interview that the dam was safe.",
     [("Tom Berg", ["the BBC"], "told", "that the dam was safe")]),
    # plain reports stay as they are: no relay invented
    ("", "Tom Berg said the dam was safe.", [("Tom Berg", [], "said", "the dam was safe")]),
    ("", '"The dam is safe," Tom Berg said.', [("Tom Berg", [], "said", '"The dam is safe,"')]),
    (BERG, '"The dam is safe," he said.', [("he", [], "said", '"The dam is safe,"')]),
    ("", "A ministry spokesman said the border would reopen.",
     [("A ministry spokesman", [], "said", "the border would reopen")]),
    ("", 'Ana Ruiz called the offer "an insult".', [("Ana Ruiz", [], "called", 'the offer "an insult"')]),
    ("", "The union warned that the strike could spread.",
     [("The union", [], "warned", "that the strike could spread")]),
    ("", "The ministry said in a statement that the border would reopen.",
     [("The ministry", [], "said in a statement", "that the border would reopen")]),
    # an outlet reporting on its own is the speaker, not a relay
    ("", "Reuters reported that the talks had collapsed.",
     [("Reuters", [], "reported", "that the talks had collapsed")]),
    ("", "The Lakeside Post reported on Friday that the mayor would resign.",
     [("The Lakeside Post", [], "reported", "that the mayor would resign")]),
    (DATELINE, "Ana Ruiz said the strike would last ten days.",
     [("Ana Ruiz", [], "said", "the strike would last ten days")]),
]  # fmt: skip
