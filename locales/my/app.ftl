## status: machine-drafted — needs review by a native speaker

message-missing = (စာသား မရရှိနိုင်ပါ)
app-version = ဗားရှင်း { $version }
error-unexpected = တစ်ခုခု မှားယွင်းသွားသည်။ သင်ထည့်သွင်းထားသည်များ မပျောက်ပါ။
error-unknown-language = ဤဘာသာစကား မရရှိနိုင်ပါ - { $code }
error-data-folder = အက်ပ်သည် ၎င်း၏ ဒေတာဖိုင်တွဲကို အသုံးမပြုနိုင်ပါ ({ $path }) - { $reason }
error-settings-save = သင့်ဆက်တင်များကို သိမ်းဆည်း၍ မရပါ - { $reason }
