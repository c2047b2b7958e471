## status: machine-drafted — needs review by a native speaker

language-name = မြန်မာ
app-name = FieldScreen
app-tagline = အလုပ်သမား စစ်ဆေးရေးနှင့် လူကုန်ကူးမှု၊ အတင်းအဓမ္မ လုပ်အားပေးခိုင်းမှု ညွှန်ပြချက် စိစစ်ခြင်း — အင်တာနက်မလိုဘဲ၊ စာဝှက်ထားပြီး၊ သင့်ဘာသာစကားဖြင့်
skip-to-content = အဓိက အကြောင်းအရာသို့ ကျော်သွားရန်
language-switcher-label = ဘာသာစကား
# The menu that holds the language, lock, sync and erase during an interview on a phone.
app-menu = မီနူး
app-menu-your-language = သင့်ဘာသာစကား (အင်တာဗျူးသူ)
setup-title = ဤစက်ပေါ်ရှိ မှတ်တမ်းများကို ကာကွယ်ပါ
setup-explainer = စကားဝှက်တစ်ခု ရွေးပါ။ ၎င်းသည် ဤစက်ပေါ်ရှိ အင်တာဗျူးတိုင်းကို စာဝှက်ထားသည်။ ၎င်းမရှိဘဲ မည်သူမျှ မဖတ်နိုင်ပါ၊ သင်ကိုယ်တိုင်ပင် မဖတ်နိုင်ပါ။ မေ့သွားပါက ပြန်လည်ရယူ၍ မရပါ။
setup-passphrase-label = စကားဝှက်
setup-again-label = တူညီသော စကားဝှက်ကို ထပ်မံ ရိုက်ပါ
setup-submit = စာဝှက်ထားသော သိုလှောင်ရုံ ဖန်တီးရန်
setup-strength-label = စကားဝှက် ခိုင်မာမှု
setup-suggest = စကားဝှက် အကြံပြုရန်
setup-suggested-label = အကြံပြုထားသော စကားဝှက်
setup-suggested-intro = ဤစကားဝှက်ကို ယခု ရေးမှတ်ပြီး လုံခြုံစွာ သိမ်းထားပါ။ တစ်ကြိမ်သာ ပြပါမည်။
setup-suggested-use = ရေးမှတ်ပြီးပါပြီ၊ ၎င်းကို သုံးပါ
unlock-title = သင့်စကားဝှက်ကို ထည့်ပါ
unlock-explainer = ဤစက်ပေါ်ရှိ မှတ်တမ်းများကို သော့ခတ်ထားသည်။
unlock-passphrase-label = စကားဝှက်
unlock-submit = သော့ဖွင့်ရန်
lock-button = ယခု သော့ခတ်ရန်
cases-title = အမှုတွဲများ
cases-empty = ဤစက်ပေါ်တွင် အင်တာဗျူး သို့မဟုတ် စစ်ဆေးမှု မရှိသေးပါ။
cases-col-form = မေးခွန်းလွှာ
cases-col-status = အခြေအနေ
cases-col-updated = နောက်ဆုံး ပြောင်းလဲမှု
status-in_progress = မူကြမ်း
status-complete = ပြီးဆုံး
status-damaged = ပျက်စီးနေသည် - သိမ်းထားသော်လည်း ဖတ်၍ မရပါ
# Quick hide: the neutral screen (a phone with no signal), nothing of the app.
hide-offline-title = အင်တာနက် ချိတ်ဆက်မှု မရှိပါ
hide-offline-body = ချိတ်ဆက်မှုကို စစ်ဆေးပြီး ထပ်ကြိုးစားပါ။
hide-offline-retry = ထပ်ကြိုးစားရန်
