## status: machine-drafted — needs review by a native speaker

## The case list, vessel inspections and quick wipe: strings the UI shows.

case-status-in_progress = မူကြမ်း
case-status-complete = ပြီးဆုံး
case-status-referred = လွှဲပြောင်းရန် အကြံပြု
case-status-consent_declined = သဘောမတူ
case-status-damaged = ပျက်စီးနေသည်: သိမ်းထားသော်လည်း ဖတ်၍မရ
cases-search-label = ရှာဖွေရန်
cases-search-hint = သင်္ဘောကုဒ်၊ မေးခွန်းလွှာ၊ အခြေအနေ သို့မဟုတ် ရက်စွဲ
cases-filter-status = အခြေအနေ
cases-filter-kind = အမျိုးအစား
cases-filter-all = အားလုံး
cases-new-interview = အင်တာဗျူး အသစ်
cases-new-inspection = သင်္ဘော စစ်ဆေးမှု အသစ်
cases-show-more = ထပ်ပြရန်
cases-none-match = ရှာဖွေမှုနှင့် စစ်ထုတ်မှုများနှင့် ကိုက်ညီသည့် မှတ်တမ်း မရှိပါ။
cases-col-case = မှတ်တမ်း
cases-col-date = နောက်ဆုံး ပြင်ဆင်မှု
cases-col-sync = သိမ်းဆည်းရာ
cases-open = ဖွင့်ရန်
inspection-title = သင်္ဘော စစ်ဆေးမှု အသစ်
inspection-explainer = သင်္ဘော၏ စာရွက်စာတမ်းများမှ အချက်အလက်များကို ထည့်ပါ။ ထို့နောက် သင်္ဘောသား တစ်ဦးချင်းစီကို ကပ္ပတိန်၊ သင်္ဘောသားခေါင်းဆောင်နှင့် အကျိုးဆောင် မမြင်မကြားနိုင်သော နေရာတွင် တစ်ဦးတည်း အင်တာဗျူးပါ။
inspection-required = လိုအပ်သည်
inspection-choose = ရွေးပါ…
inspection-save = သိမ်းပြီး သင်္ဘောသားစာရင်း ပြရန်
inspection-cancel = မလုပ်တော့ပါ
vessel-details-title = သင်္ဘော အချက်အလက်
vessel-crew-title = သင်္ဘောသားများ
vessel-add-crew = သင်္ဘောသား တစ်ဦးကို အင်တာဗျူးရန်
vessel-crew-empty = မည်သည့် သင်္ဘောသားကိုမျှ အင်တာဗျူး မလုပ်ရသေးပါ။
vessel-back = မှတ်တမ်းများသို့ ပြန်သွားရန်
vessel-checks = သင်္ဘော စစ်ဆေးချက်: စာရွက်စာတမ်း၊ အဆောင်အအုံ၊ သင်္ဘောသားစာရင်း
wipe-open = အားလုံး ဖျက်ရန်
wipe-title = ဤစက်ပေါ်ရှိ အားလုံးကို ဖျက်ရန်
wipe-explainer = ဤလုပ်ဆောင်ချက်သည် ဤစက်ပေါ်ရှိ အင်တာဗျူးနှင့် သင်္ဘောစစ်ဆေးမှု အားလုံးကို ၎င်းတို့ကို ကာကွယ်ထားသော သော့နှင့်အတူ ဖျက်ပစ်ပါမည်။ ပြန်ပြင်၍ မရပါ: အဖွဲ့နှင့် မမျှဝေရသေးသော မှတ်တမ်းများ ထာဝရ ပျောက်ဆုံးပါမည်။ စကားဝှက် မလိုပါ။ ထို့နောက် အက်ပ်သည် အသစ်ထည့်သွင်းထားသကဲ့သို့ ပြန်စပါမည်။
wipe-confirm-word = ဖျက်
wipe-word-intro = အတည်ပြုရန် ဤစကားလုံးကို ရိုက်ထည့်ပါ:
wipe-type-label = အပေါ်တွင် ပြထားသော စကားလုံး
wipe-submit = အားလုံးကို ယခု ဖျက်ရန်
wipe-cancel = မဖျက်တော့ပါ၊ အားလုံး ထားရှိရန်
cases-form-version = ဗားရှင်း
cases-rolled-back-accept = ယခုအတိုင်း လက်ခံရန်
