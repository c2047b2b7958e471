## status: machine-drafted — needs review by a native speaker

message-missing = (စာသား မရရှိနိုင်ပါ)
app-version = ဗားရှင်း { $version }
error-unexpected = တစ်ခုခု မှားယွင်းသွားသည်။ သင်ထည့်သွင်းထားသည်များ မပျောက်ပါ။
error-unknown-language = ဤဘာသာစကား မရရှိနိုင်ပါ - { $code }
error-data-folder = အက်ပ်သည် ၎င်း၏ ဒေတာဖိုင်တွဲကို အသုံးမပြုနိုင်ပါ ({ $path }) - { $reason }
error-settings-save = သင့်ဆက်တင်များကို သိမ်းဆည်း၍ မရပါ - { $reason }
error-io = စက်၏ သိုလှောင်ရာနေရာကို ဖတ်၍ သို့မဟုတ် ရေး၍ မရပါ - { $reason }
error-record-not-found = အမှတ်စဉ် { $id } ဖြင့် အမှုတွဲ မရှိပါ။
error-unknown-question = ဤမေးခွန်းလွှာတွင် ဖြေဆိုနိုင်သော “{ $question }” မေးခွန်း မရှိပါ။
error-invalid-answer = “{ $value }” သည် “{ $question }” အတွက် မှန်ကန်သော အဖြေ မဟုတ်ပါ။
error-state-not-offered = ဤမေးခွန်းလွှာသည် “{ $question }” အတွက် “မသိပါ” သို့မဟုတ် “မဖြေလိုပါ” ကို ခွင့်မပြုပါ။
error-invalid-form = { $path } ရှိ မေးခွန်းလွှာကို အသုံးပြု၍ မရပါ - { $reason }
error-passphrase-mismatch = စကားဝှက် နှစ်ခု မတူညီပါ။
error-form-hash-invalid = ဤမှတ်တမ်းသည် ၎င်း၏ မေးခွန်းလွှာကို မမှန်ကန်သော ပုံစံဖြင့် ဖော်ပြထားသည် ({ $hash })။ မဖွင့်ခဲ့ပါ၊ သိုလှောင်ရုံ ပြင်ပမှ ဘာမှ မဖတ်ခဲ့ပါ။
error-form-hash-mismatch = ဤမှတ်တမ်းအတွက် သိမ်းထားသော မေးခွန်းလွှာသည် မှတ်တမ်းစတင်ခဲ့သည့် မေးခွန်းလွှာနှင့် မကိုက်ညီပါ ({ $expected } ကို မျှော်လင့်သော်လည်း { $found } ကို တွေ့သည်)။ မသုံးခဲ့ပါ။
translation-draft-count = ဤဘာသာစကားရှိ စာသား { $total } ခုအနက် { $drafted } ခုကို စက်ဖြင့် မူကြမ်းရေးထားပြီး မည်သူမျှ မစစ်ဆေးရသေးပါ။

## The security screen's wipe limit (app::security)
security-wipe-never = ဘယ်တော့မှ မဖျက်ပါ
security-wipe-after = စကားဝှက် အမှား { $count } ကြိမ် ဆက်တိုက် ရိုက်ပြီးနောက်
security-idle-never = ဘယ်တော့မှ သော့မခတ်ပါ (ဤစက်၏ ဆက်တင်ဖိုင်တွင် သတ်မှတ်ထားသည်)
security-idle-after = { $count } မိနစ် အသုံးမပြုလျှင်
