# Hand-over mode: the respondent holds the device and answers alone. The
# respondent's screen is in the respondent's language only; the
# confirmation to leave it is the interviewer's, in the interviewer's language.

handover-title = Answer on your own
handover-progress = Question { $step } of { $steps }
handover-replay = Play the question again
handover-dont-know = I don't know
handover-skip = Skip this question
handover-previous = Previous question
handover-done = Thank you. Please give the device back to the person who gave it to you.
handover-no-prompt = There is no recording of this question in your language. Please read it on the screen.
handover-synthesized = This voice is made by a computer, not recorded by a person.
handover-leave = Give back
handover-leave-hint = The interviewer holds this button to take the device back.
handover-answers-label = Your answer

handover-confirm-title = Back to the interviewer's view
handover-confirm-passphrase = Passphrase
handover-confirm = Confirm
handover-cancel = Cancel

error-handing-over = The device is with the respondent. Hold "Give back" and confirm with the passphrase first.
error-handover-nothing = This section has no yes or no question the respondent can answer alone.
error-handover-none = The device is not in hand-over mode.
