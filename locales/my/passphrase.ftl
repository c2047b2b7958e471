## status: machine-drafted — needs review by a native speaker
# စကားဝှက် စည်းမျဉ်းနှင့် ခိုင်မာမှု တိုင်းတာချက် (crate `app`)

passphrase-too-short = စကားဝှက်တွင် အနည်းဆုံး စာလုံး { $min } လုံး လိုအပ်သည်။ ကျပန်းစကားလုံး ငါးလုံးသည် ကောင်းမွန်သော ရွေးချယ်မှု ဖြစ်သည်။
passphrase-too-weak = ဤစကားဝှက်ကို ခန့်မှန်းရန် လွယ်ကူလွန်းသည်။ { $reason } ဤစက်၏ ဖိုင်မိတ္တူနှင့် ဤစက်ကဲ့သို့ မြန်သော ပရိုဆက်ဆာ { $cores } လုံး ရှိသူသည် { $time } အတွင်း ရှာတွေ့နိုင်သည်။ အနည်းဆုံး { $years } နှစ် ကြာမည့် စကားဝှက်ကို ရွေးပါ၊ ဥပမာ ကျပန်းစကားလုံး ငါးလုံး။
passphrase-strong = ဤစက်၏ ဖိုင်မိတ္တူနှင့် ဤစက်ကဲ့သို့ မြန်သော ပရိုဆက်ဆာ { $cores } လုံး ရှိသူသည် ဤစကားဝှက်ကို ခန့်မှန်းရန် { $time } လိုအပ်မည်။
passphrase-reason-keyboard = ကီးဘုတ် အတန်းများနှင့် ပုံစံများကို အစောဆုံး စမ်းကြသည်။
passphrase-reason-repeats = ထပ်နေသော စာလုံး သို့မဟုတ် စကားလုံးများက အကူအညီ နည်းသည်။
passphrase-reason-common = အသုံးအများဆုံး စကားဝှက်များထဲမှ တစ်ခု ဖြစ်သည်။
passphrase-reason-similar = အသုံးများသော စကားဝှက်နှင့် ဆင်တူသည်။
passphrase-reason-sequence = ကခဂ သို့မဟုတ် 1234 ကဲ့သို့ အစဉ်လိုက်များကို စောစောစမ်းကြသည်။
passphrase-reason-dates = ရက်စွဲများနှင့် နှစ်များကို စောစောစမ်းကြသည်။
passphrase-reason-word = စကားလုံး တစ်လုံးတည်းကို စောစောစမ်းကြသည်။
passphrase-reason-names = အမည်များကို စောစောစမ်းကြသည်။
passphrase-reason-script = FieldScreen သည် ဤအက္ခရာရှိ စကားလုံးများကို မသိနိုင်သဖြင့် စာလုံးတစ်လုံးစီကို တန်ဖိုးနည်းစွာ တွက်သည်။ မဆက်စပ်သော စကားလုံးများဖြင့် ပိုရှည်သော စာကြောင်းကို သုံးပါ။
passphrase-reason-guessable = ခန့်မှန်းသည့် ပရိုဂရမ်များ အရင်စမ်းသော ပုံစံများ ပါဝင်သည်။
passphrase-time-instant = တစ်စက္ကန့်ထက် နည်းသော အချိန်
passphrase-time-seconds = { $n } စက္ကန့်ခန့်
passphrase-time-minutes = { $n } မိနစ်ခန့်
passphrase-time-hours = { $n } နာရီခန့်
passphrase-time-days = { $n } ရက်ခန့်
passphrase-time-years = { $n } နှစ်ခန့်
passphrase-time-forever = နှစ်ပေါင်း တစ်သန်းထက် ပို၍
