# Messages of the questionnaire engine (crate `forms`) and of `fieldscreen form`.
# Ids are stable: code refers to them as `forms-...` with named arguments.

## Expressions

forms-expr-empty = The expression is empty.
forms-expr-unexpected = Unexpected “{ $found }” at character { $pos }.
forms-expr-unexpected-end = The expression ends too early (character { $pos }).
forms-expr-unexpected-char = The character “{ $char }” at character { $pos } is not part of the expression language.
forms-expr-expected = Expected “{ $expected }” at character { $pos }, found “{ $found }”.
forms-expr-unterminated-string = The text starting at character { $pos } has no closing quote.
forms-expr-unterminated-reference = The reference starting at character { $pos } has no closing “{"}"}”.
forms-expr-bad-reference = At character { $pos }: write a reference as ${"{"}name{"}"}.
forms-expr-bad-name = At character { $pos }: “{ $name }” is not a valid question name.
forms-expr-bad-number = The number at character { $pos } is too large.
forms-expr-bare-name = At character { $pos }: “{ $name }” is not a function; to use a question's answer write ${"{"}{ $name }{"}"}.
forms-expr-unknown-function = At character { $pos }: the function “{ $name }” is not supported.
forms-expr-arity = At character { $pos }: { $name }() takes { $expected } argument(s), not { $found }.
forms-expr-path-unsupported = At character { $pos }: XPath paths are not supported; refer to questions as ${"{"}name{"}"}.
forms-expr-too-deep = The expression is nested too deeply (at character { $pos }).

## Questionnaire definition

forms-folder-no-definition = The folder has no questionnaire.toml.
forms-folder-bad-path = This file name is not allowed inside a questionnaire folder.
forms-not-utf8 = The file is not UTF-8 text.
forms-toml-invalid = The definition cannot be read: { $detail }
forms-empty-field = “{ $field }” must not be empty.
forms-default-language-missing = There is no translation file for the default language “{ $lang }”.
forms-type-unsupported = The question type “{ $type }” is not supported.
forms-type-refused-location = The type “{ $type }” would store the respondent's location on the device; FieldScreen records a province, never coordinates.
forms-type-refused-media = The type “{ $type }” would store photos or video of the respondent on the device; this is refused to protect respondents.
forms-type-refused-barcode = The type “{ $type }” scans codes that can identify a person; it is refused to protect respondents.
forms-type-refused-device = The type “{ $type }” would store identifiers of the respondent's phone; it is refused to protect respondents.
forms-select-no-list = “{ $type }” needs the name of a choice list.
forms-name-missing = A name is required here.
forms-name-invalid = “{ $name }” is not a valid name: use letters, digits and _ , starting with a letter.
forms-name-duplicate = The name “{ $name }” is used more than once.
forms-end-mismatch = This end does not match the open group or repeat “{ $name }”.
forms-end-unmatched = This end has no matching begin.
forms-begin-unclosed = The group or repeat “{ $name }” is never closed.
forms-list-missing = The choice list “{ $list }” does not exist or is empty.
forms-calculation-missing = A calculate question needs a calculation.
forms-field-not-allowed = “{ $field }” is not allowed on this row.
forms-choice-duplicate = The choice “{ $name }” appears twice in the list “{ $list }”. Choice names must be unique in a list; if this is intentional (the same name told apart by a choice_filter), add the setting allow_choice_duplicates = yes.
forms-ref-unknown = There is no question named “{ $name }”.
forms-dimension-unknown = There is no dimension named “{ $name }”.
forms-regex-invalid = The regular expression “{ $pattern }” is not valid.

## Translation files

forms-ftl-syntax = Translation syntax error: { $detail }
forms-ftl-unsupported = The translation “{ $id }” uses a Fluent feature that questionnaires do not support.
forms-ftl-duplicate = The translation “{ $id }” is defined twice.
forms-ftl-unknown-id = The translation “{ $id }” does not belong to any question, choice or scoring item.
forms-ftl-id-collision = The names { $a } and { $b } both translate as “{ $id }”; rename one.

## Answers

forms-answer-not-integer = “{ $value }” is not a whole number.
forms-answer-not-decimal = “{ $value }” is not a number.
forms-answer-not-date = “{ $value }” is not a date (YYYY-MM-DD).
forms-answer-not-time = “{ $value }” is not a time (HH:MM).
forms-answer-not-datetime = “{ $value }” is not a date and time.
forms-answer-not-a-choice = “{ $value }” is not one of the choices.
forms-answer-not-ok = An acknowledgement is answered with OK.
forms-answer-dont-know-not-allowed = “Don't know” is not allowed for this question.
forms-answer-prefer-not-not-allowed = “Prefer not to answer” is not allowed for this question.
forms-constraint-failed = This answer is not accepted ({ $constraint }).

## XLSForm import

forms-xlsform-unreadable = This file cannot be read as a spreadsheet (.xlsx, .xls or .ods): { $detail }
forms-xlsform-too-large = The file is larger than { $max } MB.
forms-xlsform-cell-error = The spreadsheet has an error value in cell { $cell }.
forms-xlsform-no-survey = The spreadsheet has no “survey” sheet.
forms-xlsform-no-type-column = The survey sheet has no “type” column.
forms-xlsform-type-missing = This row has content but no type.
forms-xlsform-column-ignored = The column “{ $column }” is not used by FieldScreen; it is ignored.
forms-xlsform-column-blank = This cell is in a column without a header; the column is ignored.
forms-xlsform-column-refused-media = The column “{ $column }” attaches video or large images; only audio and image media are supported.
forms-xlsform-parameters-refused-location = The parameters “{ $parameters }” would record the device's location during the interview; FieldScreen records a province, never coordinates.
forms-xlsform-read-only-dynamic = read_only must be yes or no.
forms-xlsform-interviewer-only-value = interviewer_only must be yes or no.
forms-xlsform-self-administered-value = self_administered must be yes or no.
forms-xlsform-choices-header = The choices sheet needs “list_name” and “name” columns.
forms-xlsform-choice-incomplete = This choice needs both a list_name and a name.
forms-xlsform-choice-row-ignored = This row of the choices sheet has no list_name and no name; it is ignored.
forms-xlsform-sheet-unsupported = The sheet “{ $sheet }” (choices from external files) is not supported.
forms-xlsform-setting-ignored = The setting “{ $setting }” is not used by FieldScreen (it is for servers or other apps); it is ignored.
forms-xlsform-sheet-as-survey = The only sheet, “{ $sheet }”, is read as the survey.
forms-xlsform-note-named = This note has no name; it is named “{ $name }”.
forms-xlsform-row-disabled = This row is marked disabled; it is left out.
forms-xlsform-loop-refused = “{ $type }” is not supported: a loop repeats the same question names once per choice, and in FieldScreen every name must be unique. Write one group per choice instead, each with names of its own (for example car_total and boat_total), or use begin repeat.

## fieldscreen form

forms-cli-io-error = Cannot read or write: { $detail }
forms-cli-too-many-files = The folder has more than { $max } files.
forms-cli-imported = Wrote { $count } files to { $dir }.
forms-cli-show-header = id { $id } · version { $version } · languages { $languages }
    hash { $hash }
forms-cli-show-relevant = shown if: { $expr }
forms-cli-show-required-when = required if: { $expr }
forms-cli-show-constraint = accepted if: { $expr }
forms-cli-show-calculation = calculated as: { $expr }
forms-cli-show-group = group
forms-cli-show-repeat = repeat
forms-cli-show-repeat-count = repeat × { $expr }
forms-cli-json-error = Cannot write JSON: { $detail }
forms-cli-warning = warning: { $message }
forms-questionnaire-missing = This device does not have the questionnaire this record was started with. Update the app, or open the record on the device that made it.
forms-questionnaire-waiting = Waiting for the questionnaire from the team. This record was started with a questionnaire that has not reached this device yet; it opens after the next sync.

## Audio and image prompts
forms-media-bad-name = “{ $file }” is not a plain file name: name a file of the questionnaire's media folder, without folders or variables.
forms-media-missing = The prompt file “{ $file }” is not in the questionnaire's “{ $folder }” folder.
forms-media-unreadable = “{ $file }” is not { $kind ->
        [audio] an audio
       *[image] an image
    } file the app can play or show (it knows Ogg, MP3, WAV, M4A and WebM audio, PNG and JPEG images).
