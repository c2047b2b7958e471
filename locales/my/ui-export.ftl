## status: machine-drafted — needs review by a native speaker

exportui-title = ဒေတာ ထုတ်ယူရန်
exportui-open = ထုတ်ယူရန်
exportui-none = ထုတ်ယူရန် အင်တာဗျူး မရှိသေးပါ။
exportui-questionnaire = မေးခွန်းလွှာ
exportui-format = ဖိုင်ပုံစံ
exportui-format-csv = zip ထဲရှိ CSV ဖိုင်များ (ODK Central ပုံစံ)
exportui-format-xlsx = Excel စာအုပ်
exportui-format-json = JSON (အဖြေတိုင်း၏ ဘာသာစကား၊ အမှတ်ပေးချက်နှင့် အထောက်အထား)
exportui-labels = အဖြေများကို ဤသို့ ရေးရန်
exportui-values = ရွေးချယ်မှု အမည်များ (ခွဲခြမ်းစိတ်ဖြာရန်)
exportui-split = ရွေးချယ်မှုများစွာ မေးခွန်း၏ ရွေးချယ်မှုတစ်ခုစီအတွက် 1/0 ကော်လံတစ်ခု
exportui-from = ဤနေ့ သို့မဟုတ် နောက်ပိုင်း စတင်သည်
exportui-to = ဤနေ့ သို့မဟုတ် မတိုင်မီ စတင်သည်
exportui-status = အခြေအနေ
exportui-status-any = အားလုံး
exportui-status-complete = ပြီးဆုံး
exportui-status-in-progress = ဆောင်ရွက်ဆဲ
exportui-recipient = ဤ age အများသုံးသော့အတွက် ကုဒ်ဝှက်ရန် (မဖြစ်မနေ မဟုတ်)
exportui-plaintext-warning = သော့မပါလျှင် ဖိုင်ကို ကုဒ်ဝှက်မထားပါ- ရရှိသူတိုင်း အဖြေအားလုံးကို ဖတ်နိုင်သည်။ ကုဒ်ဝှက်ထားသော ဒရိုက်တွင် သိမ်းပါ၊ ခွင့်ပြုထားသူများနှင့်သာ မျှဝေပါ၊ မလိုတော့သည့်အခါ ဖျက်ပါ။
exportui-plaintext-ok = နားလည်ပါသည်- ကုဒ်မဝှက်ဘဲ သိမ်းရန်
exportui-start = ထုတ်ယူရန်…
exportui-cancel = ထုတ်ယူမှုကို ပယ်ဖျက်ရန်
exportui-progress = ထုတ်ယူမှု တိုးတက်မှု
exportui-back = နောက်သို့
exportui-case-pdf = PDF အဖြစ် သိမ်းရန်…
exportui-case-pdf-saved = အမှုအနှစ်ချုပ်ကို PDF အဖြစ် သိမ်းပြီးပါပြီ။ ဖိုင်ကို ကုဒ်ဝှက်မထားပါ- လုံခြုံစွာ သိမ်းပြီး မလိုတော့သည့်အခါ ဖျက်ပါ။
