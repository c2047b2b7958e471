## The team's questionnaires (sync screen).

teamforms-title = The team's questionnaires
teamforms-intro = A questionnaire published here reaches every device of the team at its next sync. Each record keeps the version it was started with; new interviews take the newest.
teamforms-empty = No questionnaire has been published to the team yet.
teamforms-publish = Publish a questionnaire…
teamforms-withdraw = Withdraw
teamforms-version = Version
