## status: machine-drafted — needs review by a native speaker
# ချိန်ကိုက်ခြင်းနှင့် ချိန်ကိုက်ဆာဗာ၏ စာများ

sync-change-rejected = အဖွဲ့ထံမှ ပြောင်းလဲမှုတစ်ခုကို စစ်ဆေး၍ မရသဖြင့် သီးခြားထားလိုက်သည်။ သင့်ဒေတာ လုံခြုံပါသည်။
sync-key-missing = ဤစက်တွင် မရှိသော အဖွဲ့သော့ဖြင့် ပြောင်းလဲမှုကို ရေးထားသည်။ ဤစက်ကို ပြန်လည်လက်ခံရန် အဖွဲ့ကြီးကြပ်သူကို တောင်းဆိုပါ။
sync-unknown-device = သင့်အဖွဲ့တွင် မပါသော စက်မှ ပြောင်းလဲမှု ဖြစ်သည်။ အသုံးမပြုခဲ့ပါ။
sync-newer-version = FieldScreen ဗားရှင်းအသစ်ဖြင့် ရေးထားသော ပြောင်းလဲမှု ဖြစ်သည်။ အက်ပ်ကို အပ်ဒိတ်လုပ်ပါ။
sync-random-unavailable = ဤစက်သည် လုံခြုံသော ကျပန်းနံပါတ်များ မထုတ်နိုင်ပါ။ ဘာမျှ မပို့ရသေးပါ။
sync-relay-answer-bad = ချိန်ကိုက်ဆာဗာမှ ဖတ်၍မရသော အဖြေ ပို့လာသည်။ နောက်မှ ထပ်ကြိုးစားပါ။
relay-listening = ချိန်ကိုက်ဆာဗာသည် { $address } တွင် စောင့်နေသည်
relay-bad-db = ဒေတာဘေ့စ်ကို sqlite:PATH သို့မဟုတ် postgres://USER@HOST:PORT/DATABASE ဖြင့် ပေးရမည် (ဥပမာ sqlite:/var/lib/fieldscreen/relay.db)
relay-failed = ချိန်ကိုက်ဆာဗာ ရပ်သွားသည်- { $reason }
