## status: machine-drafted — needs review by a native speaker
# Messages of the questionnaire engine (crate `forms`) and of `fieldscreen form`.
# Technical tokens (column and sheet names, ${name}, file names) stay in Latin script.

## Expressions

forms-expr-empty = កន្សោមនេះទទេ។
forms-expr-unexpected = មិនរំពឹងថាមាន “{ $found }” នៅតួអក្សរទី { $pos } ទេ។
forms-expr-unexpected-end = កន្សោមបញ្ចប់លឿនពេក (តួអក្សរទី { $pos })។
forms-expr-unexpected-char = តួអក្សរ “{ $char }” នៅទីតាំង { $pos } មិនមែនជាផ្នែកនៃភាសាកន្សោមទេ។
forms-expr-expected = រំពឹងថាមាន “{ $expected }” នៅតួអក្សរទី { $pos } ប៉ុន្តែបានរកឃើញ “{ $found }”។
forms-expr-unterminated-string = អត្ថបទដែលចាប់ផ្ដើមនៅតួអក្សរទី { $pos } គ្មានសញ្ញាសម្រង់បិទទេ។
forms-expr-unterminated-reference = ការយោងដែលចាប់ផ្ដើមនៅតួអក្សរទី { $pos } គ្មាន “{"}"}” បិទទេ។
forms-expr-bad-reference = នៅតួអក្សរទី { $pos }៖ សូមសរសេរការយោងជា ${"{"}name{"}"}។
forms-expr-bad-name = នៅតួអក្សរទី { $pos }៖ “{ $name }” មិនមែនជាឈ្មោះសំណួរត្រឹមត្រូវទេ។
forms-expr-bad-number = លេខនៅតួអក្សរទី { $pos } ធំពេក។
forms-expr-bare-name = នៅតួអក្សរទី { $pos }៖ “{ $name }” មិនមែនជាអនុគមន៍ទេ។ ដើម្បីប្រើចម្លើយនៃសំណួរ សូមសរសេរ ${"{"}{ $name }{"}"}។
forms-expr-unknown-function = នៅតួអក្សរទី { $pos }៖ មិនគាំទ្រអនុគមន៍ “{ $name }” ទេ។
forms-expr-arity = នៅតួអក្សរទី { $pos }៖ { $name }() ទទួលអាគុយម៉ង់ { $expected } មិនមែន { $found } ទេ។
forms-expr-path-unsupported = នៅតួអក្សរទី { $pos }៖ មិនគាំទ្រផ្លូវ XPath ទេ។ សូមយោងទៅសំណួរជា ${"{"}name{"}"}។
forms-expr-too-deep = កន្សោមមានស្រទាប់ជ្រៅពេក (នៅតួអក្សរទី { $pos })។

## Questionnaire definition

forms-folder-no-definition = ថតនេះគ្មានឯកសារ questionnaire.toml ទេ។
forms-folder-bad-path = មិនអនុញ្ញាតឱ្យមានឈ្មោះឯកសារនេះនៅក្នុងថតកម្រងសំណួរទេ។
forms-not-utf8 = ឯកសារនេះមិនមែនជាអត្ថបទ UTF-8 ទេ។
forms-toml-invalid = មិនអាចអាននិយមន័យកម្រងសំណួរបានទេ៖ { $detail }
forms-empty-field = “{ $field }” មិនត្រូវទុកទទេទេ។
forms-default-language-missing = គ្មានឯកសារបកប្រែសម្រាប់ភាសាលំនាំដើម “{ $lang }” ទេ។
forms-type-unsupported = មិនគាំទ្រប្រភេទសំណួរ “{ $type }” ទេ។
forms-type-refused-location = ប្រភេទ “{ $type }” នឹងរក្សាទុកទីតាំងរបស់អ្នកឆ្លើយនៅលើឧបករណ៍។ FieldScreen កត់ត្រាតែខេត្តប៉ុណ្ណោះ មិនដែលកត់ត្រាកូអរដោនេទេ។
forms-type-refused-media = ប្រភេទ “{ $type }” នឹងរក្សាទុករូបថត ឬវីដេអូរបស់អ្នកឆ្លើយនៅលើឧបករណ៍។ វាត្រូវបានបដិសេធដើម្បីការពារអ្នកឆ្លើយ។
forms-type-refused-barcode = ប្រភេទ “{ $type }” ស្កេនកូដដែលអាចកំណត់អត្តសញ្ញាណមនុស្សបាន។ វាត្រូវបានបដិសេធដើម្បីការពារអ្នកឆ្លើយ។
forms-type-refused-device = ប្រភេទ “{ $type }” នឹងរក្សាទុកលេខសម្គាល់ទូរសព្ទរបស់អ្នកឆ្លើយ។ វាត្រូវបានបដិសេធដើម្បីការពារអ្នកឆ្លើយ។
forms-select-no-list = “{ $type }” ត្រូវការឈ្មោះបញ្ជីជម្រើស។
forms-name-missing = ត្រូវការឈ្មោះនៅទីនេះ។
forms-name-invalid = “{ $name }” មិនមែនជាឈ្មោះត្រឹមត្រូវទេ៖ សូមប្រើអក្សរ លេខ និង _ ហើយចាប់ផ្ដើមដោយអក្សរ។
forms-name-duplicate = ឈ្មោះ “{ $name }” ត្រូវបានប្រើច្រើនជាងម្ដង។
forms-end-mismatch = ចំណុចបញ្ចប់នេះមិនត្រូវនឹងក្រុម ឬផ្នែកដដែលៗ “{ $name }” ដែលកំពុងបើកទេ។
forms-end-unmatched = ចំណុចបញ្ចប់នេះគ្មានចំណុចចាប់ផ្ដើមដែលត្រូវគ្នាទេ។
forms-begin-unclosed = ក្រុម ឬផ្នែកដដែលៗ “{ $name }” មិនដែលត្រូវបានបិទទេ។
forms-list-missing = បញ្ជីជម្រើស “{ $list }” មិនមាន ឬទទេ។
forms-calculation-missing = សំណួរប្រភេទ calculate ត្រូវការរូបមន្តគណនា (calculation)។
forms-field-not-allowed = មិនអនុញ្ញាត “{ $field }” នៅលើជួរដេកនេះទេ។
forms-choice-duplicate = ជម្រើស “{ $name }” លេចឡើងពីរដងក្នុងបញ្ជី “{ $list }”។ ឈ្មោះជម្រើសក្នុងបញ្ជីតែមួយមិនត្រូវដដែលគ្នាទេ។ ប្រសិនបើមានចេតនា (ឈ្មោះដូចគ្នាដែលបែងចែកដោយ choice_filter) សូមបន្ថែមការកំណត់ allow_choice_duplicates = yes។
forms-ref-unknown = គ្មានសំណួរឈ្មោះ “{ $name }” ទេ។
forms-dimension-unknown = គ្មានវិមាត្រឈ្មោះ “{ $name }” ទេ។
forms-regex-invalid = លំនាំអត្ថបទ “{ $pattern }” មិនត្រឹមត្រូវទេ។

## Translation files

forms-ftl-syntax = កំហុសវាក្យសម្ពន្ធក្នុងឯកសារបកប្រែ៖ { $detail }
forms-ftl-unsupported = ការបកប្រែ “{ $id }” ប្រើមុខងារ Fluent ដែលកម្រងសំណួរមិនគាំទ្រ។
forms-ftl-duplicate = ការបកប្រែ “{ $id }” ត្រូវបានកំណត់ពីរដង។
forms-ftl-unknown-id = ការបកប្រែ “{ $id }” មិនមែនជារបស់សំណួរ ជម្រើស ឬធាតុដាក់ពិន្ទុណាមួយទេ។
forms-ftl-id-collision = ឈ្មោះ { $a } និង { $b } ទាំងពីរបកប្រែជា “{ $id }”។ សូមប្ដូរឈ្មោះមួយ។

## Answers

forms-answer-not-integer = “{ $value }” មិនមែនជាចំនួនគត់ទេ។
forms-answer-not-decimal = “{ $value }” មិនមែនជាលេខទេ។
forms-answer-not-date = “{ $value }” មិនមែនជាកាលបរិច្ឆេទ (YYYY-MM-DD) ទេ។
forms-answer-not-time = “{ $value }” មិនមែនជាម៉ោង (HH:MM) ទេ។
forms-answer-not-datetime = “{ $value }” មិនមែនជាកាលបរិច្ឆេទ និងម៉ោងទេ។
forms-answer-not-a-choice = “{ $value }” មិនមែនជាជម្រើសណាមួយទេ។
forms-answer-not-ok = ការទទួលស្គាល់ត្រូវឆ្លើយដោយ OK។
forms-answer-dont-know-not-allowed = សំណួរនេះមិនអនុញ្ញាតឱ្យឆ្លើយ “មិនដឹង” ទេ។
forms-answer-prefer-not-not-allowed = សំណួរនេះមិនអនុញ្ញាតឱ្យឆ្លើយ “មិនចង់ឆ្លើយ” ទេ។
forms-constraint-failed = ចម្លើយនេះមិនត្រូវបានទទួលយកទេ ({ $constraint })។

## XLSForm import

forms-xlsform-unreadable = មិនអាចអានឯកសារនេះជាសៀវភៅបញ្ជី (.xlsx, .xls ឬ .ods) បានទេ៖ { $detail }
forms-xlsform-too-large = ឯកសារធំជាង { $max } MB។
forms-xlsform-cell-error = សៀវភៅបញ្ជីមានតម្លៃកំហុសនៅក្រឡា { $cell }។
forms-xlsform-no-survey = សៀវភៅបញ្ជីគ្មានសន្លឹក “survey” ទេ។
forms-xlsform-no-type-column = សន្លឹក survey គ្មានជួរឈរ “type” ទេ។
forms-xlsform-type-missing = ជួរដេកនេះមានខ្លឹមសារ ប៉ុន្តែគ្មាន type ទេ។
forms-xlsform-column-ignored = FieldScreen មិនប្រើជួរឈរ “{ $column }” ទេ។ វាត្រូវបានរំលង។
forms-xlsform-column-blank = ក្រឡានេះស្ថិតនៅក្នុងជួរឈរដែលគ្មានចំណងជើង។ ជួរឈរនេះត្រូវបានរំលង។
forms-xlsform-column-refused-media = ជួរឈរ “{ $column }” ភ្ជាប់វីដេអូ ឬរូបភាពធំៗ។ គាំទ្រតែមេឌៀ audio និង image ប៉ុណ្ណោះ។
forms-xlsform-parameters-refused-location = ប៉ារ៉ាម៉ែត្រ “{ $parameters }” នឹងកត់ត្រាទីតាំងរបស់ឧបករណ៍អំឡុងពេលសម្ភាសន៍។ FieldScreen កត់ត្រាតែខេត្ត មិនដែលកត់ត្រាកូអរដោនេទេ។
forms-xlsform-read-only-dynamic = read_only ត្រូវតែជា yes ឬ no។
forms-xlsform-interviewer-only-value = interviewer_only ត្រូវតែជា yes ឬ no។
forms-xlsform-self-administered-value = self_administered ត្រូវតែជា yes ឬ no។
forms-xlsform-choices-header = សន្លឹក choices ត្រូវការជួរឈរ “list_name” និង “name”។
forms-xlsform-choice-incomplete = ជម្រើសនេះត្រូវការទាំង list_name និង name។
forms-xlsform-choice-row-ignored = ជួរដេកនេះនៃសន្លឹក choices គ្មាន list_name និង name ទេ។ វាត្រូវបានរំលង។
forms-xlsform-sheet-unsupported = មិនគាំទ្រសន្លឹក “{ $sheet }” (ជម្រើសពីឯកសារខាងក្រៅ) ទេ។
forms-xlsform-setting-ignored = FieldScreen មិនប្រើការកំណត់ “{ $setting }” ទេ (វាសម្រាប់ម៉ាស៊ីនមេ ឬកម្មវិធីផ្សេង)។ វាត្រូវបានរំលង។
forms-xlsform-sheet-as-survey = សន្លឹកតែមួយគត់ “{ $sheet }” ត្រូវបានអានជា survey។
forms-xlsform-note-named = note នេះគ្មានឈ្មោះទេ។ វាត្រូវបានដាក់ឈ្មោះថា “{ $name }”។
forms-xlsform-row-disabled = ជួរដេកនេះត្រូវបានសម្គាល់ថា disabled។ វាត្រូវបានទុកចោល។
forms-xlsform-loop-refused = មិនគាំទ្រ “{ $type }” ទេ៖ loop ប្រើឈ្មោះសំណួរដដែលម្ដងសម្រាប់ជម្រើសនីមួយៗ ប៉ុន្តែនៅក្នុង FieldScreen ឈ្មោះនីមួយៗមិនត្រូវដដែលគ្នាទេ។ សូមសរសេរក្រុមមួយសម្រាប់ជម្រើសនីមួយៗជំនួសវិញ ដោយក្រុមនីមួយៗមានឈ្មោះផ្ទាល់ខ្លួន (ឧទាហរណ៍ car_total និង boat_total) ឬប្រើ begin repeat។

## fieldscreen form

forms-cli-io-error = មិនអាចអាន ឬសរសេរបានទេ៖ { $detail }
forms-cli-too-many-files = ថតនេះមានឯកសារច្រើនជាង { $max }។
forms-cli-imported = បានសរសេរឯកសារ { $count } ទៅក្នុង { $dir }។
forms-cli-show-header = លេខសម្គាល់ { $id } · កំណែ { $version } · ភាសា { $languages }
    ហាស { $hash }
forms-cli-show-relevant = បង្ហាញប្រសិនបើ៖ { $expr }
forms-cli-show-required-when = ត្រូវឆ្លើយប្រសិនបើ៖ { $expr }
forms-cli-show-constraint = ទទួលយកប្រសិនបើ៖ { $expr }
forms-cli-show-calculation = គណនាជា៖ { $expr }
forms-cli-show-group = ក្រុម
forms-cli-show-repeat = ផ្នែកដដែលៗ
forms-cli-show-repeat-count = ផ្នែកដដែលៗ × { $expr }
forms-cli-json-error = មិនអាចសរសេរ JSON បានទេ៖ { $detail }
forms-cli-warning = ការព្រមាន៖ { $message }
forms-questionnaire-missing = ឧបករណ៍នេះមិនមានកម្រងសំណួរដែលកំណត់ត្រានេះបានចាប់ផ្ដើមជាមួយទេ។ សូមធ្វើបច្ចុប្បន្នភាពកម្មវិធី ឬបើកកំណត់ត្រានៅលើឧបករណ៍ដែលបានបង្កើតវា។
forms-questionnaire-waiting = កំពុងរង់ចាំកម្រងសំណួរពីក្រុម។ កំណត់ត្រានេះត្រូវបានចាប់ផ្ដើមជាមួយកម្រងសំណួរដែលមិនទាន់មកដល់ឧបករណ៍នេះនៅឡើយ។ វានឹងបើកបានក្រោយការធ្វើសមកាលកម្មលើកក្រោយ។

## Audio and image prompts
forms-media-bad-name = “{ $file }” មិនមែនជាឈ្មោះឯកសារធម្មតាទេ។ សូមដាក់ឈ្មោះឯកសារនៅក្នុងថតមេឌៀនៃកម្រងសំណួរ ដោយគ្មានឈ្មោះថត ឬអថេរ។
forms-media-missing = រកមិនឃើញឯកសារ “{ $file }” នៅក្នុងថត “{ $folder }” នៃកម្រងសំណួរទេ។
forms-media-unreadable = “{ $file }” មិនមែនជាឯកសារ{ $kind ->
        [audio] សំឡេង
       *[image] រូបភាព
    }ដែលកម្មវិធីអាចបើកបានទេ (កម្មវិធីស្គាល់សំឡេង Ogg, MP3, WAV, M4A, WebM និងរូបភាព PNG, JPEG)។
