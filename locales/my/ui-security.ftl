## status: machine-drafted — needs review by a native speaker
## The security screen: change the passphrase, erase after wrong passphrases.
security-open = လုံခြုံရေး
security-title = လုံခြုံရေး
security-passphrase-title = စကားဝှက် ပြောင်းရန်
security-passphrase-explainer = ဤစက်ပေါ်ရှိ အရာအားလုံး ကျန်ရှိနေပါမည်။ ဖွင့်သော စကားဝှက်သာ ပြောင်းပါမည်။ စကားဝှက်အသစ်ကို မည်သူ့ကိုမျှ မပြောပါနှင့်၊ ဤစက်အနီးတွင် မရေးထားပါနှင့်။
security-current-label = လက်ရှိ စကားဝှက်
security-new-label = စကားဝှက် အသစ်
security-again-label = စကားဝှက်အသစ်ကို ထပ်မံ ရိုက်ပါ
security-change-submit = စကားဝှက် ပြောင်းရန်
security-changed = စကားဝှက် ပြောင်းပြီးပါပြီ။ ယခုမှစ၍ အသစ်ကို သုံးပါ။
security-wipe-title = စကားဝှက် မှားလျှင် ဖျက်ရန်
security-wipe-explainer = တစ်စုံတစ်ယောက်က စကားဝှက်ကို ထပ်ခါထပ်ခါ ခန့်မှန်းနေလျှင် ဤစက်သည် ၎င်းတွင်ရှိသော အရာအားလုံးကို ဖျက်နိုင်ပါသည်။ အဖွဲ့နှင့် မျှဝေပြီးသားများ အဖွဲ့ထံတွင် ကျန်ပါမည်။ မမျှဝေရသေးသည်များ ပျောက်ဆုံးပါမည်။
security-wipe-label = အားလုံးကို ဘယ်အချိန် ဖျက်မည်
security-idle-title = အသုံးမပြုသည့်အခါ သော့ခတ်ရန်
security-idle-explainer = ဤမျှကြာအောင် အက်ပ်ကို မည်သူမျှ မထိလျှင် သိုလှောင်မှုသည် သူ့အလိုလို သော့ခတ်သွားပြီး ပြန်ဖွင့်ရန် စကားဝှက် လိုအပ်ပါသည်။ အချိန်တိုလေ ချထားခဲ့သော သို့မဟုတ် ယူသွားခံရသော ဖုန်းကို ကာကွယ်နိုင်လေ ဖြစ်ပါသည်။
security-idle-label = ဘယ်အချိန် သော့ခတ်မည်
security-saved = သိမ်းဆည်းပြီးပါပြီ။
