## status: machine-drafted — needs review by a native speaker

## The team's questionnaires (sync screen).

teamforms-title = အဖွဲ့၏ မေးခွန်းလွှာများ
teamforms-intro = ဤနေရာတွင် ထုတ်ဝေသော မေးခွန်းလွှာသည် အဖွဲ့၏ စက်တိုင်းသို့ နောက်တစ်ကြိမ် ချိန်ကိုက်သည့်အခါ ရောက်ရှိမည်။ မှတ်တမ်းတိုင်းသည် စတင်ခဲ့သော ဗားရှင်းကို ဆက်သုံးသည်။ အင်တာဗျူးအသစ်များသည် နောက်ဆုံးဗားရှင်းကို သုံးသည်။
teamforms-empty = အဖွဲ့သို့ မေးခွန်းလွှာ မထုတ်ဝေရသေးပါ။
teamforms-publish = မေးခွန်းလွှာ ထုတ်ဝေရန်…
teamforms-withdraw = ရုပ်သိမ်းရန်
teamforms-version = ဗားရှင်း
