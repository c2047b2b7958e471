## status: machine-drafted — needs review by a native speaker

cli-passphrase-file-unreadable = စကားဝှက်ဖိုင် { $path } ကို ဖတ်၍ မရပါ - { $reason }
cli-passphrase-needed = စကားဝှက် မပေးထားပါ။ --passphrase-file FILE သို့မဟုတ် { $var } ပတ်ဝန်းကျင် ကိန်းရှင်ကို အသုံးပြုပါ။
cli-prompt-passphrase = စကားဝှက် -
cli-prompt-new-passphrase = စကားဝှက်အသစ် -
cli-vault-created = စာဝှက်ထားသော သိုလှောင်ရုံကို { $path } တွင် ဖန်တီးပြီးပါပြီ။ စကားဝှက်ကို လုံခြုံစွာ သိမ်းထားပါ - ပြန်လည်ရယူ၍ မရပါ။
cli-vault-info =
    သိုလှောင်ရုံ - { $path }
    အမှတ်စဉ် - { $id }
    ပုံစံ - { $format }
    မှတ်တမ်းများ - { $records }
    အရွယ်အစား - { $bytes } ဘိုက်
    သော့ထုတ်ယူမှု - Argon2id, { $memory } MiB, { $iterations } ကြိမ်
cli-passphrase-changed = စကားဝှက်ကို ပြောင်းလဲပြီးပါပြီ။
cli-wipe-needs-yes = ဖျက်ခြင်းသည် ဤစက်ပေါ်ရှိ မှတ်တမ်းအားလုံးကို ဖျက်ပစ်မည်။ အတည်ပြုရန် --yes ဖြင့် ထပ်မံ လုပ်ဆောင်ပါ။
cli-wipe-confirm = { $path } ရှိ မှတ်တမ်းအားလုံးကို ဖျက်မည်လား။ မချိတ်ဆက်ရသေးသော အင်တာဗျူးများ အပြီးတိုင် ပျောက်ဆုံးမည်။ အတည်ပြုရန် WIPE ဟု ရိုက်ပါ -
cli-wipe-cancelled = ဘာမှ မဖျက်ခဲ့ပါ။
cli-vault-wiped = { $path } ရှိ သိုလှောင်ရုံကို ဖျက်ပြီးပါပြီ။
cli-answer-needs-value = အဖြေတစ်ခု သို့မဟုတ် --dont-know သို့မဟုတ် --prefer-not ကို ပေးပါ။
cli-interview-heading = အင်တာဗျူး { $id } — { $form } { $version } — { $status }
cli-state-value = (အဖြေ)
cli-state-dont_know = (မသိပါ)
cli-state-prefer_not = (မဖြေလိုပါ)
cli-conflict-marker = {"  "}— ကွဲလွဲမှု - စက်များက မတူညီသော အဖြေများ ပေးခဲ့သည်
