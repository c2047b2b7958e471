## status: machine-drafted — needs review by a native speaker

## The case list, vessel inspections and quick wipe: messages the core formats.

case-kind-interview = အင်တာဗျူး
case-kind-vessel_inspection = သင်္ဘော စစ်ဆေးခြင်း
case-kind-damaged = ပျက်စီးနေသော မှတ်တမ်း
case-sync-device_only = ဤစက်တွင်သာ
case-sync-waiting = အဖွဲ့ထံ ပို့ရန် စောင့်နေသည်
case-sync-synced = အဖွဲ့နှင့် မျှဝေပြီး
case-list-summary = { $matched } ခုအနက် { $shown } ခု ပြသနေသည် (ဤစက်တွင် { $total } ခု)
vessel-field-problem = { $field }: { $problem }
vessel-field-required = ဤအကွက်ကို ဖြည့်ရန် လိုအပ်သည်။
vessel-answer-dont_know = မသိပါ
vessel-answer-prefer_not = မဖြေလိုပါ
vessel-crew-unnamed = သင်္ဘောသား { $n }
vessel-crew-summary = အင်တာဗျူးပြီး သင်္ဘောသား: { $count }
wipe-not-confirmed = ရိုက်ထည့်သော စကားလုံး မကိုက်ညီပါ။ ဘာမျှ မဖျက်ရသေးပါ။
case-form-waiting = အဖွဲ့မှ မေးခွန်းလွှာကို စောင့်နေသည်
case-form-refused = အဖွဲ့မှ ရရှိသော မေးခွန်းလွှာကို ငြင်းပယ်ခဲ့သည်
case-form-missing = ၎င်း၏ မေးခွန်းလွှာ ဤစက်တွင် မရှိပါ

case-rolled-back = မှတ်တမ်း { $count } ခုသည် ဤစက်က နောက်ဆုံးမြင်ခဲ့သည်ထက် ပိုဟောင်းနေပါသည်။ တစ်စုံတစ်ယောက်က ဤစက်၏ သိုလှောင်ရုံ မိတ္တူဟောင်းကို ပြန်ထည့်ထားနိုင်ပါသည်။ ၎င်းတို့ကို သိမ်းထားသော်လည်း ယခုအတိုင်း လက်ခံမှသာ ဖွင့်နိုင်ပါမည်။ ထိုအချိန်မှစ၍ ပျောက်သွားသည်များ ဤစက်ပေါ်တွင် မရှိတော့ပါ။ ချိန်ကိုက်ထားသော အဖွဲ့ဝင်ထံတွင် ရှိနေနိုင်ပါသည်။
