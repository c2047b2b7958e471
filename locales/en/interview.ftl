## Interview screens: messages the core formats (both languages of an interview).

interview-progress = Section { $step } of { $steps } · { $answered } answered
interview-dont-know = Don't know
interview-prefer-not = Prefer not to answer
interview-required = An answer is needed before going on.
interview-not-accepted = This answer is not accepted: { $detail }
interview-no-answer = (no answer)
interview-consent-declined = Consent declined. Nothing was recorded but that.
interview-strength-strong = strong indicator
interview-strength-medium = medium indicator
interview-strength-weak = weak indicator
interview-child-present = The person may be under 18: the child route applies (no means needed for trafficking).
interview-child-absent = The person is 18 or older.
interview-child-declined = Age not given: treat as possibly under 18 if in doubt.
interview-child-not_asked = Age was not asked.
interview-review-share = A person has reviewed { $reviewed } of the { $total } texts on this page in this language; the rest are machine translations.
