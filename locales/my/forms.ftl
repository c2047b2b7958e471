## status: machine-drafted — needs review by a native speaker
# Messages of the questionnaire engine (crate `forms`) and of `fieldscreen form`.
# Burmese in Unicode (never Zawgyi). Technical tokens (column and sheet names,
# ${name}, file names) stay in Latin script.

## Expressions

forms-expr-empty = ဖော်ပြချက်သည် ဗလာ ဖြစ်နေသည်။
forms-expr-unexpected = စာလုံး { $pos } တွင် မမျှော်လင့်ထားသော “{ $found }” ကို တွေ့ရသည်။
forms-expr-unexpected-end = ဖော်ပြချက်သည် စောလွန်းစွာ ဆုံးသွားသည် (စာလုံး { $pos })။
forms-expr-unexpected-char = စာလုံး { $pos } ရှိ “{ $char }” သည် ဖော်ပြချက်ဘာသာစကား၏ အစိတ်အပိုင်း မဟုတ်ပါ။
forms-expr-expected = စာလုံး { $pos } တွင် “{ $expected }” ကို မျှော်လင့်ထားသော်လည်း “{ $found }” ကို တွေ့ရသည်။
forms-expr-unterminated-string = စာလုံး { $pos } မှ စသော စာသားတွင် ပိတ်သည့် မျက်တောင်အမှတ်အသား မရှိပါ။
forms-expr-unterminated-reference = စာလုံး { $pos } မှ စသော ရည်ညွှန်းချက်တွင် ပိတ်သည့် “{"}"}” မရှိပါ။
forms-expr-bad-reference = စာလုံး { $pos } တွင်: ရည်ညွှန်းချက်ကို ${"{"}name{"}"} ဟု ရေးပါ။
forms-expr-bad-name = စာလုံး { $pos } တွင်: “{ $name }” သည် မှန်ကန်သော မေးခွန်းအမည် မဟုတ်ပါ။
forms-expr-bad-number = စာလုံး { $pos } ရှိ ဂဏန်းသည် ကြီးလွန်းသည်။
forms-expr-bare-name = စာလုံး { $pos } တွင်: “{ $name }” သည် ဖန်ရှင် မဟုတ်ပါ။ မေးခွန်းတစ်ခု၏ အဖြေကို သုံးလိုပါက ${"{"}{ $name }{"}"} ဟု ရေးပါ။
forms-expr-unknown-function = စာလုံး { $pos } တွင်: “{ $name }” ဖန်ရှင်ကို မပံ့ပိုးပါ။
forms-expr-arity = စာလုံး { $pos } တွင်: { $name }() သည် တန်ဖိုး { $expected } ခု လက်ခံသည်၊ { $found } ခု မဟုတ်ပါ။
forms-expr-path-unsupported = စာလုံး { $pos } တွင်: XPath လမ်းကြောင်းများကို မပံ့ပိုးပါ။ မေးခွန်းများကို ${"{"}name{"}"} ဟု ရည်ညွှန်းပါ။
forms-expr-too-deep = ဖော်ပြချက်သည် အထပ်ထပ် နက်လွန်းသည် (စာလုံး { $pos } တွင်)။

## Questionnaire definition

forms-folder-no-definition = ဖိုင်တွဲတွင် questionnaire.toml မရှိပါ။
forms-folder-bad-path = ဤဖိုင်အမည်ကို မေးခွန်းလွှာဖိုင်တွဲအတွင်း ခွင့်မပြုပါ။
forms-not-utf8 = ဤဖိုင်သည် UTF-8 စာသား မဟုတ်ပါ။
forms-toml-invalid = မေးခွန်းလွှာ သတ်မှတ်ချက်ကို ဖတ်၍ မရပါ: { $detail }
forms-empty-field = “{ $field }” သည် ဗလာ မဖြစ်ရပါ။
forms-default-language-missing = မူလဘာသာစကား “{ $lang }” အတွက် ဘာသာပြန်ဖိုင် မရှိပါ။
forms-type-unsupported = မေးခွန်းအမျိုးအစား “{ $type }” ကို မပံ့ပိုးပါ။
forms-type-refused-location = “{ $type }” အမျိုးအစားသည် ဖြေဆိုသူ၏ တည်နေရာကို စက်ပေါ်တွင် သိမ်းဆည်းမည် ဖြစ်သည်။ FieldScreen သည် ပြည်နယ်ကိုသာ မှတ်တမ်းတင်ပြီး ကိုဩဒိနိတ်များကို ဘယ်တော့မှ မမှတ်ပါ။
forms-type-refused-media = “{ $type }” အမျိုးအစားသည် ဖြေဆိုသူ၏ ဓာတ်ပုံ သို့မဟုတ် ဗီဒီယိုကို စက်ပေါ်တွင် သိမ်းဆည်းမည် ဖြစ်သည်။ ဖြေဆိုသူများကို ကာကွယ်ရန် ငြင်းပယ်ထားသည်။
forms-type-refused-barcode = “{ $type }” အမျိုးအစားသည် လူတစ်ဦးကို ဖော်ထုတ်နိုင်သော ကုဒ်များကို စကင်ဖတ်သည်။ ဖြေဆိုသူများကို ကာကွယ်ရန် ငြင်းပယ်ထားသည်။
forms-type-refused-device = “{ $type }” အမျိုးအစားသည် ဖြေဆိုသူ၏ ဖုန်းကို ခွဲခြားသိနိုင်သော အမှတ်အသားများကို သိမ်းဆည်းမည် ဖြစ်သည်။ ဖြေဆိုသူများကို ကာကွယ်ရန် ငြင်းပယ်ထားသည်။
forms-select-no-list = “{ $type }” တွင် ရွေးချယ်စရာစာရင်း၏ အမည် လိုအပ်သည်။
forms-name-missing = ဤနေရာတွင် အမည် လိုအပ်သည်။
forms-name-invalid = “{ $name }” သည် မှန်ကန်သော အမည် မဟုတ်ပါ။ စာလုံး၊ ဂဏန်းနှင့် _ ကို သုံးပြီး စာလုံးဖြင့် စပါ။
forms-name-duplicate = “{ $name }” အမည်ကို တစ်ကြိမ်ထက် ပို၍ သုံးထားသည်။
forms-end-mismatch = ဤအဆုံးသတ်သည် ဖွင့်ထားသော အုပ်စု သို့မဟုတ် ထပ်ခါထပ်ခါအပိုင်း “{ $name }” နှင့် မကိုက်ညီပါ။
forms-end-unmatched = ဤအဆုံးသတ်နှင့် ကိုက်ညီသော အစ မရှိပါ။
forms-begin-unclosed = အုပ်စု သို့မဟုတ် ထပ်ခါထပ်ခါအပိုင်း “{ $name }” ကို ဘယ်တော့မှ မပိတ်ထားပါ။
forms-list-missing = ရွေးချယ်စရာစာရင်း “{ $list }” မရှိပါ သို့မဟုတ် ဗလာ ဖြစ်နေသည်။
forms-calculation-missing = calculate မေးခွန်းတွင် တွက်ချက်ပုံ (calculation) လိုအပ်သည်။
forms-field-not-allowed = ဤအတန်းတွင် “{ $field }” ကို ခွင့်မပြုပါ။
forms-choice-duplicate = ရွေးချယ်စရာ “{ $name }” သည် “{ $list }” စာရင်းတွင် နှစ်ကြိမ် ပါနေသည်။ စာရင်းတစ်ခုအတွင်း ရွေးချယ်စရာအမည်များ မထပ်ရပါ။ ရည်ရွယ်၍ ထပ်ထားခြင်းဖြစ်ပါက (choice_filter ဖြင့် ခွဲခြားထားသော အမည်တူ) allow_choice_duplicates = yes ဆက်တင်ကို ထည့်ပါ။
forms-ref-unknown = “{ $name }” အမည်ရှိ မေးခွန်း မရှိပါ။
forms-dimension-unknown = “{ $name }” အမည်ရှိ အတိုင်းအတာ မရှိပါ။
forms-regex-invalid = စာသားပုံစံ “{ $pattern }” သည် မှန်ကန်မှု မရှိပါ။

## Translation files

forms-ftl-syntax = ဘာသာပြန်ဖိုင်တွင် ရေးထုံးအမှား ရှိသည်: { $detail }
forms-ftl-unsupported = ဘာသာပြန်ချက် “{ $id }” သည် မေးခွန်းလွှာများ မပံ့ပိုးသော Fluent လုပ်ဆောင်ချက်ကို သုံးထားသည်။
forms-ftl-duplicate = ဘာသာပြန်ချက် “{ $id }” ကို နှစ်ကြိမ် သတ်မှတ်ထားသည်။
forms-ftl-unknown-id = ဘာသာပြန်ချက် “{ $id }” သည် မည်သည့် မေးခွန်း၊ ရွေးချယ်စရာ သို့မဟုတ် အမှတ်ပေးချက်နှင့်မျှ မသက်ဆိုင်ပါ။
forms-ftl-id-collision = { $a } နှင့် { $b } အမည်နှစ်ခုစလုံးကို “{ $id }” အဖြစ် ဘာသာပြန်ထားသည်။ တစ်ခုကို အမည်ပြောင်းပါ။

## Answers

forms-answer-not-integer = “{ $value }” သည် ကိန်းပြည့် မဟုတ်ပါ။
forms-answer-not-decimal = “{ $value }” သည် ဂဏန်း မဟုတ်ပါ။
forms-answer-not-date = “{ $value }” သည် ရက်စွဲ (YYYY-MM-DD) မဟုတ်ပါ။
forms-answer-not-time = “{ $value }” သည် အချိန် (HH:MM) မဟုတ်ပါ။
forms-answer-not-datetime = “{ $value }” သည် ရက်စွဲနှင့် အချိန် မဟုတ်ပါ။
forms-answer-not-a-choice = “{ $value }” သည် ရွေးချယ်စရာများထဲမှ တစ်ခု မဟုတ်ပါ။
forms-answer-not-ok = အသိအမှတ်ပြုချက်ကို OK ဖြင့် ဖြေရပါမည်။
forms-answer-dont-know-not-allowed = ဤမေးခွန်းအတွက် “မသိပါ” ဟု ဖြေခွင့် မရှိပါ။
forms-answer-prefer-not-not-allowed = ဤမေးခွန်းအတွက် “မဖြေလိုပါ” ဟု ဖြေခွင့် မရှိပါ။
forms-constraint-failed = ဤအဖြေကို လက်မခံပါ ({ $constraint })။

## XLSForm import

forms-xlsform-unreadable = ဤဖိုင်ကို ဇယားကွက်ဖိုင် (.xlsx, .xls သို့မဟုတ် .ods) အဖြစ် ဖတ်၍ မရပါ: { $detail }
forms-xlsform-too-large = ဖိုင်သည် { $max } MB ထက် ကြီးသည်။
forms-xlsform-cell-error = ဇယားကွက်ဖိုင်၏ ဆဲလ် { $cell } တွင် အမှားတန်ဖိုး ရှိသည်။
forms-xlsform-no-survey = ဇယားကွက်ဖိုင်တွင် “survey” စာရွက် မရှိပါ။
forms-xlsform-no-type-column = “survey” စာရွက်တွင် “type” ကော်လံ မရှိပါ။
forms-xlsform-type-missing = ဤအတန်းတွင် အကြောင်းအရာ ရှိသော်လည်း type မရှိပါ။
forms-xlsform-column-ignored = “{ $column }” ကော်လံကို FieldScreen မသုံးပါ။ ၎င်းကို ကျော်သွားသည်။
forms-xlsform-column-blank = ဤဆဲလ်သည် ခေါင်းစီး မရှိသော ကော်လံတွင် ရှိသည်။ ထိုကော်လံကို ကျော်သွားသည်။
forms-xlsform-column-refused-media = “{ $column }” ကော်လံသည် ဗီဒီယို သို့မဟုတ် ကြီးမားသော ပုံများကို ပူးတွဲသည်။ audio နှင့် image မီဒီယာကိုသာ ပံ့ပိုးသည်။
forms-xlsform-parameters-refused-location = “{ $parameters }” ပါရာမီတာများသည် အင်တာဗျူးအတွင်း စက်၏ တည်နေရာကို မှတ်တမ်းတင်မည်ဖြစ်သည်။ FieldScreen သည် ပြည်နယ်ကိုသာ မှတ်တမ်းတင်ပြီး ကိုဩဒိနိတ်များကို ဘယ်တော့မှ မမှတ်ပါ။
forms-xlsform-read-only-dynamic = read_only သည် yes သို့မဟုတ် no ဖြစ်ရမည်။
forms-xlsform-interviewer-only-value = interviewer_only သည် yes သို့မဟုတ် no ဖြစ်ရမည်။
forms-xlsform-self-administered-value = self_administered သည် yes သို့မဟုတ် no ဖြစ်ရမည်။
forms-xlsform-choices-header = “choices” စာရွက်တွင် “list_name” နှင့် “name” ကော်လံများ လိုအပ်သည်။
forms-xlsform-choice-incomplete = ဤရွေးချယ်စရာတွင် list_name နှင့် name နှစ်ခုစလုံး လိုအပ်သည်။
forms-xlsform-choice-row-ignored = “choices” စာရွက်၏ ဤအတန်းတွင် list_name နှင့် name မရှိပါ။ ၎င်းကို ကျော်သွားသည်။
forms-xlsform-sheet-unsupported = “{ $sheet }” စာရွက် (ပြင်ပဖိုင်များမှ ရွေးချယ်စရာများ) ကို မပံ့ပိုးပါ။
forms-xlsform-setting-ignored = “{ $setting }” ဆက်တင်ကို FieldScreen မသုံးပါ (ဆာဗာ သို့မဟုတ် အခြားအက်ပ်များအတွက် ဖြစ်သည်)။ ၎င်းကို ကျော်သွားသည်။
forms-xlsform-sheet-as-survey = တစ်ခုတည်းသော စာရွက် “{ $sheet }” ကို survey အဖြစ် ဖတ်သည်။
forms-xlsform-note-named = ဤ note တွင် အမည်မရှိပါ။ “{ $name }” ဟု အမည်ပေးထားသည်။
forms-xlsform-row-disabled = ဤအတန်းကို disabled ဟု မှတ်ထားသဖြင့် ချန်ထားသည်။
forms-xlsform-loop-refused = “{ $type }” ကို မပံ့ပိုးပါ- loop သည် ရွေးချယ်စရာတစ်ခုလျှင် မေးခွန်းအမည်တူများကို တစ်ကြိမ်စီ ထပ်သုံးသော်လည်း FieldScreen တွင် အမည်တိုင်း မထပ်ရပါ။ ၎င်းအစား ရွေးချယ်စရာတစ်ခုလျှင် အုပ်စုတစ်ခုစီ ကိုယ်ပိုင်အမည်များဖြင့် ရေးပါ (ဥပမာ car_total နှင့် boat_total)၊ သို့မဟုတ် begin repeat ကို သုံးပါ။

## fieldscreen form

forms-cli-io-error = ဖတ်ရန် သို့မဟုတ် ရေးရန် မဖြစ်နိုင်ပါ: { $detail }
forms-cli-too-many-files = ဖိုင်တွဲတွင် ဖိုင် { $max } ခုထက် ပိုများသည်။
forms-cli-imported = ဖိုင် { $count } ခုကို { $dir } သို့ ရေးပြီးပါပြီ။
forms-cli-show-header = အမှတ်အသား { $id } · ဗားရှင်း { $version } · ဘာသာစကားများ { $languages }
    ဟက်ရှ် { $hash }
forms-cli-show-relevant = ပြသမည့် အခြေအနေ: { $expr }
forms-cli-show-required-when = ဖြေရန် လိုအပ်သည့် အခြေအနေ: { $expr }
forms-cli-show-constraint = လက်ခံမည့် အခြေအနေ: { $expr }
forms-cli-show-calculation = တွက်ချက်ပုံ: { $expr }
forms-cli-show-group = အုပ်စု
forms-cli-show-repeat = ထပ်ခါထပ်ခါအပိုင်း
forms-cli-show-repeat-count = ထပ်ခါထပ်ခါအပိုင်း × { $expr }
forms-cli-json-error = JSON ကို ရေး၍ မရပါ: { $detail }
forms-cli-warning = သတိပေးချက်- { $message }
forms-questionnaire-missing = ဤမှတ်တမ်းကို စတင်ခဲ့သော မေးခွန်းလွှာ ဤစက်တွင် မရှိပါ။ အက်ပ်ကို အဆင့်မြှင့်ပါ သို့မဟုတ် မှတ်တမ်းကို ပြုလုပ်ခဲ့သော စက်တွင် ဖွင့်ပါ။
forms-questionnaire-waiting = အဖွဲ့မှ မေးခွန်းလွှာကို စောင့်နေသည်။ ဤမှတ်တမ်းကို ဤစက်သို့ မရောက်သေးသော မေးခွန်းလွှာဖြင့် စတင်ခဲ့သည်။ နောက်တစ်ကြိမ် ချိန်ကိုက်ပြီးနောက် ဖွင့်နိုင်မည်။

## Audio and image prompts
forms-media-bad-name = “{ $file }” သည် ရိုးရိုးဖိုင်အမည် မဟုတ်ပါ။ မေးခွန်းလွှာ၏ မီဒီယာဖိုင်တွဲထဲရှိ ဖိုင်အမည်ကို ဖိုင်တွဲအမည် သို့မဟုတ် ကိန်းရှင် မပါဘဲ ရေးပါ။
forms-media-missing = “{ $file }” ဖိုင်သည် မေးခွန်းလွှာ၏ “{ $folder }” ဖိုင်တွဲထဲတွင် မရှိပါ။
forms-media-unreadable = “{ $file }” သည် အက်ပ်က ဖွင့်နိုင်သော { $kind ->
        [audio] အသံ
       *[image] ပုံ
    } ဖိုင် မဟုတ်ပါ (အက်ပ်သည် Ogg, MP3, WAV, M4A, WebM အသံနှင့် PNG, JPEG ပုံများကို သိသည်)။
