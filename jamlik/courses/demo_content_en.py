# ruff: noqa: RUF001  (course prose uses the typographic en dash on purpose)
"""The demo course in English, the counterpart of ``demo_content_sv``. Original text for Jämlik.

Swedish legal terms are given in brackets where readers will meet them in Swedish.
"""

from __future__ import annotations

from typing import Any

from jamlik.courses.demo_content_sv import check

LESSON_1 = """\
Everyone who contacts a municipality, a region or a state agency should be treated with respect
and receive the service and rights they are entitled to – whoever they are. This is the basis of
all public service. The Instrument of Government (regeringsformen) says that public power shall
be exercised with respect for the equal worth of all and for the freedom and dignity of the
individual (chapter 1, section 2). Those who perform public administration shall respect
everyone's equality before the law and be objective and impartial (chapter 1, section 9).

Good treatment (bemötande) is more than being friendly. It means

- **listening**, and finding out what the person actually needs,
- **explaining clearly**, in words and a form the person can take in,
- **treating like cases alike** – while adapting where needed, so that everyone has the same
  opportunities,
- **recognising your own assumptions**. We all carry pictures of how "ordinary" people look,
  live and speak, and those pictures shape how we treat others, often without our noticing.

People who are treated badly may lose trust in the whole organisation, stop seeking support they
are entitled to, or get a decision made on a poorer basis. Equal treatment is therefore a matter
of legal certainty, not only of courtesy.
"""

LESSON_2_GROUNDS = """\
The Discrimination Act (diskrimineringslagen, 2008:567) aims to combat discrimination and in
other ways promote equal rights and opportunities. It protects against discrimination connected
with seven **grounds of discrimination**:

1. **Sex** (kön) – being a woman or a man. The protection also covers people who intend to
   change, or have changed, their legal gender.
2. **Transgender identity or expression** (könsöverskridande identitet eller uttryck) – not
   identifying as a woman or a man, or expressing, through clothing or in another way, that one
   belongs to another gender.
3. **Ethnicity** (etnisk tillhörighet) – national or ethnic origin, skin colour or a similar
   circumstance.
4. **Religion or other belief** – for example Christianity, Islam, Judaism, Buddhism or
   atheism. Political opinions are not included.
5. **Disability** (funktionsnedsättning) – permanent physical, mental or intellectual
   limitations of a person's functional capacity that were present at birth, have arisen since
   or can be expected to arise.
6. **Sexual orientation** – homosexual, bisexual or heterosexual orientation.
7. **Age** – the length of life so far. All ages are covered, young and old.

Because the Act speaks of disadvantage *connected with* a ground, it also protects people who
are treated worse because others believe they have a certain religion, orientation or ethnicity
– whether or not that belief is true.
"""

LESSON_2_WHERE = """\
## Where does the Act apply?

The prohibitions apply in defined areas of society, among them working life, education, health
care, social services, and goods, services and housing.

If you are employed by a municipality, a region or the state, there is a special rule
(chapter 2, section 17): discrimination is also prohibited when you give the public
information, guidance, advice or other help, or otherwise deal with the public in your work.
So the Act applies at the reception desk, on the phone, in email and in the handling of cases.
People who work for a municipal company are instead often covered by the prohibition when the
company provides goods, services and housing.
"""

LESSON_3 = """\
The Discrimination Act (chapter 1, section 4) describes six forms of discrimination.

- **Direct discrimination**: someone is treated less favourably than another person in a
  comparable situation, and this is connected with a ground of discrimination. *Example: a
  person has to wait longer for an appointment because of a foreign-sounding name.*
- **Indirect discrimination**: a rule, requirement or way of working looks neutral but puts
  people with a particular ground at a special disadvantage. It is not discrimination if the rule
  has a legitimate purpose and the means are appropriate and necessary to achieve it. *Example:
  requiring every matter to be handled in an app may particularly disadvantage older people and
  people with some disabilities.*
- **Inadequate accessibility**: a person with a disability is disadvantaged because reasonable
  measures have not been taken to put them in a situation comparable to that of people without
  the disability.
- **Harassment**: conduct that violates someone's dignity and is connected with a ground of
  discrimination, for example demeaning jokes about someone's origin.
- **Sexual harassment**: conduct of a sexual nature that violates someone's dignity.
- **Instructions to discriminate**: orders or instructions to discriminate against someone,
  given to a person who is in a subordinate or dependent position, for example by a manager.

Direct and indirect discrimination require no intent. What counts is the effect on the person
affected. That is why we need to examine our routines, not only our intentions.
"""

LESSON_4_INTRO = """\
There is no single right answer that fits every situation in this case. Read it, choose the
option closest to what you would do, and read the feedback. You may try several options.
"""

LESSON_4_SITUATION = """\
You work at the municipality's contact centre. A man comes to the desk and wants to apply for
special transport services (färdtjänst) for his mother. He speaks Swedish with an accent and
searches for words. Four people are queuing behind him, and your colleague says quietly to you:
*"Be quick. Give him a form and he can fill it in at home."*
"""

LESSON_5 = """\
Prohibitions alone are not enough. Under chapter 3 of the Discrimination Act, employers and
education providers must work with **active measures** (aktiva åtgärder): preventive and
promotive work for equal rights and opportunities. The work covers all seven grounds of
discrimination and follows four steps:

1. **Investigate** whether there are risks of discrimination or reprisals, or other obstacles to
   equal rights and opportunities.
2. **Analyse** the causes of the risks and obstacles found.
3. **Take** the preventive and promotive measures that can reasonably be required.
4. **Follow up and evaluate** the work.

Employers must document the work, and those with 25 or more employees must do so in writing
every year. Employers must also survey and analyse pay and other terms of employment every year,
to find and correct unjustified differences between women and men.

## If something happens

A person who has been discriminated against can report it to the **Equality Ombudsman
(Diskrimineringsombudsmannen, DO)**, which supervises the Act. People who have reported
discrimination or taken part in an investigation are protected against **reprisals**. Anyone who
breaks the prohibitions may have to pay **discrimination compensation**
(diskrimineringsersättning).

In your own work, you can speak up when you see a routine that shuts someone out, raise it with
your manager, and use what you have learned here when your team reviews how it treats everyone.
"""

COURSE: dict[str, Any] = {
    "slug": "inclusive-treatment-and-discrimination",
    "language": "en",
    "title": "Good treatment and the Discrimination Act",
    "summary": (
        "For people working in public service: what equal treatment means, what the Swedish "
        "Discrimination Act says about the seven grounds of discrimination, and how to act on it."
    ),
    "estimated_minutes": 40,
    "modules": [
        {
            "title": "Treatment and the law",
            "lessons": [
                {
                    "title": "What is good treatment?",
                    "blocks": [
                        ("text", {"markdown": LESSON_1}),
                        (
                            "reflection",
                            {
                                "prompt": (
                                    "Think of a time when you contacted an agency, a health centre or a "
                                    "municipality. What made you feel well – or badly – treated? What will you "
                                    "take with you into your own work?"
                                )
                            },
                        ),
                    ],
                },
                {
                    "title": "The seven grounds of discrimination",
                    "blocks": [
                        ("text", {"markdown": LESSON_2_GROUNDS}),
                        ("text", {"markdown": LESSON_2_WHERE}),
                        (
                            "knowledge_check",
                            check(
                                "Which of these are grounds of discrimination in the Discrimination Act?",
                                [
                                    ("Age", True, "Right. Age covers all ages."),
                                    ("Political opinion", False, "Political opinion is not one of the seven grounds."),
                                    (
                                        "Transgender identity or expression",
                                        True,
                                        "Right. This ground protects, among others, trans people.",
                                    ),
                                    ("Social background", False, "Social background is not one of the seven grounds."),
                                    ("Disability", True, "Right."),
                                ],
                                multiple=True,
                            ),
                        ),
                    ],
                },
            ],
        },
        {
            "title": "Discrimination in practice",
            "lessons": [
                {
                    "title": "Six forms of discrimination",
                    "blocks": [
                        ("text", {"markdown": LESSON_3}),
                        (
                            "knowledge_check",
                            check(
                                "A municipality decides that its rooms can only be booked in an app. There is no "
                                "other way to book. Which form of discrimination might this be?",
                                [
                                    (
                                        "Direct discrimination",
                                        False,
                                        "The rule applies to everyone in the same way. Direct discrimination is "
                                        "about someone being treated worse than others in a comparable situation.",
                                    ),
                                    (
                                        "Indirect discrimination",
                                        True,
                                        "Right. A rule that looks neutral can particularly disadvantage, for "
                                        "example, older people or people with some disabilities. It may still be "
                                        "allowed if the purpose is legitimate and the means appropriate and "
                                        "necessary.",
                                    ),
                                    (
                                        "Harassment",
                                        False,
                                        "Harassment is conduct that violates someone's dignity. This is a rule.",
                                    ),
                                ],
                            ),
                        ),
                    ],
                },
                {
                    "title": "A case at the desk",
                    "blocks": [
                        ("text", {"markdown": LESSON_4_INTRO}),
                        (
                            "scenario",
                            {
                                "situation": LESSON_4_SITUATION,
                                "question": "What do you do?",
                                "choices": [
                                    {
                                        "id": "form",
                                        "text": "I give him the form and ask him to come back when it is filled in.",
                                        "feedback": "It is quick, but he and his mother may not get the support "
                                        "they are entitled to. Agencies must give individuals the help they need to "
                                        "look after their interests, and use an interpreter when needed (the "
                                        "Administrative Procedure Act, sections 6 and 13). Giving everyone the "
                                        "same form can give people different opportunities.",
                                    },
                                    {
                                        "id": "take-time",
                                        "text": "I take the time to ask what his mother needs, explain in plain "
                                        "words and offer an interpreter or a new visit if needed. I ask my "
                                        "colleague to look after the queue meanwhile.",
                                        "feedback": "Good. You adapt your approach so that he can claim his "
                                        "mother's rights, and you handle the queue together. Equal treatment "
                                        "sometimes means that different people need different amounts of support.",
                                    },
                                    {
                                        "id": "someone-else",
                                        "text": "I ask him to come back with someone who speaks better Swedish.",
                                        "feedback": "This may be discrimination connected with ethnicity: he gets "
                                        "worse service than others because of how he speaks. It is the service's "
                                        "responsibility to make sure he understands and is understood – not his.",
                                    },
                                ],
                            },
                        ),
                    ],
                },
                {
                    "title": "Active measures, and where to turn",
                    "blocks": [
                        ("text", {"markdown": LESSON_5}),
                        (
                            "knowledge_check",
                            check(
                                "Which grounds of discrimination must an employer's active measures cover?",
                                [
                                    ("Only sex and ethnicity", False, "No, the work covers more grounds."),
                                    ("All seven grounds of discrimination", True, "Right."),
                                    (
                                        "Only the grounds someone has complained about",
                                        False,
                                        "No. Active measures are preventive and are taken before anything happens.",
                                    ),
                                ],
                            ),
                        ),
                        (
                            "knowledge_check",
                            check(
                                "Who supervises compliance with the Discrimination Act?",
                                [
                                    ("The Equality Ombudsman (DO)", True, "Right."),
                                    (
                                        "The Parliamentary Ombudsmen (JO)",
                                        False,
                                        "JO checks that authorities follow the law in general, but the "
                                        "Discrimination Act is supervised by DO.",
                                    ),
                                    (
                                        "The Swedish Work Environment Authority",
                                        False,
                                        "It supervises the Work Environment Act, not the Discrimination Act.",
                                    ),
                                ],
                            ),
                        ),
                        (
                            "reflection",
                            {
                                "prompt": (
                                    "Which routine or step in your own work would you like to examine with the "
                                    "grounds of discrimination in mind? What could be a first step?"
                                )
                            },
                        ),
                    ],
                },
            ],
        },
    ],
}
