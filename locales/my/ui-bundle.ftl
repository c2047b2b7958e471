## status: machine-drafted — needs review by a native speaker

## Hand-over by file (USB stick, SD card): the sync screen's part and the file dialog.

bundle-title = ဖိုင်ဖြင့် လွှဲပြောင်းခြင်း
bundle-intro = ကွန်ရက် မရှိဘူးလား။ ဤစက်၏ မှတ်တမ်းများကို USB သို့မဟုတ် SD ကတ်ပေါ်ရှိ ဖိုင်တစ်ခုထဲ သိမ်းပြီး သင့်အဖွဲ့၏ အခြားစက်တစ်ခုတွင် ဖွင့်ပါ။ သင့်အဖွဲ့၏ စက်များသာ ဤဖိုင်ကို ဖတ်နိုင်သည်။
bundle-save = ဖိုင်ထဲ သိမ်းရန်
bundle-open = အခြားစက်မှ ဖိုင်ကို ဖွင့်ရန်
bundle-working = လုပ်ဆောင်နေသည်…
bundle-save-title = အဖွဲ့၏ မှတ်တမ်းများကို ဖိုင်ထဲ သိမ်းရန်
bundle-open-title = သင့်အဖွဲ့၏ စက်မှ ဖိုင်ကို ဖွင့်ရန်
bundle-filter = FieldScreen အဖွဲ့ဖိုင်
bundle-saved =
    { $count ->
        [0] သိမ်းရန် မှတ်တမ်း မရှိပါ။
       *[other] မှတ်တမ်း { $count } ခုကို ဖိုင်ထဲ သိမ်းပြီးပါပြီ။
    }
bundle-merged =
    { $count ->
        [0] ဤဖိုင်တွင် မှတ်တမ်း မရှိပါ။
       *[other] ဖိုင်မှ မှတ်တမ်း { $count } ခုကို ပေါင်းထည့်ပြီးပါပြီ။
    }
bundle-set-aside =
    { $count ->
       *[other] မှတ်တမ်း { $count } ခုကို ဖယ်ထားသည်။ ၎င်းတို့သည် သင့်အဖွဲ့၏ စက်မှ မဟုတ်ပါ သို့မဟုတ် ပျက်စီးနေသည်။
    }
