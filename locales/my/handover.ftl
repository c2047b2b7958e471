## status: machine-drafted — needs review by a native speaker
# Hand-over mode: the respondent holds the device and answers alone.

handover-title = ကိုယ်တိုင် ဖြေဆိုရန်
handover-progress = မေးခွန်း { $steps } ခုအနက် { $step }
handover-replay = မေးခွန်းကို ထပ်ဖွင့်ရန်
handover-dont-know = ကျွန်ုပ် မသိပါ
handover-skip = ဤမေးခွန်းကို ကျော်ရန်
handover-previous = ယခင် မေးခွန်း
handover-done = ကျေးဇူးတင်ပါသည်။ စက်ကို သင့်အား ပေးခဲ့သူထံ ပြန်ပေးပါ။
handover-no-prompt = ဤမေးခွန်းအတွက် သင့်ဘာသာစကားဖြင့် အသံသွင်းထားခြင်း မရှိပါ။ မျက်နှာပြင်ပေါ်တွင် ဖတ်ပါ။
handover-synthesized = ဤအသံကို ကွန်ပျူတာက ပြုလုပ်ထားခြင်း ဖြစ်ပြီး လူက အသံသွင်းထားခြင်း မဟုတ်ပါ။
handover-leave = ပြန်ပေးရန်
handover-leave-hint = မေးမြန်းသူက စက်ကို ပြန်ယူရန် ဤခလုတ်ကို ဖိထားသည်။
handover-answers-label = သင့်အဖြေ

handover-confirm-title = မေးမြန်းသူ၏ မျက်နှာပြင်သို့ ပြန်သွားရန်
handover-confirm-passphrase = စကားဝှက်
handover-confirm = အတည်ပြုရန်
handover-cancel = မလုပ်တော့ပါ

error-handing-over = စက်သည် ဖြေဆိုသူထံတွင် ရှိသည်။ "ပြန်ပေးရန်" ကို ဖိထားပြီး စကားဝှက်ဖြင့် အရင် အတည်ပြုပါ။
error-handover-nothing = ဤအပိုင်းတွင် ဖြေဆိုသူ ကိုယ်တိုင် ဖြေနိုင်သော ဟုတ် သို့မဟုတ် မဟုတ် မေးခွန်း မရှိပါ။
error-handover-none = စက်သည် ဖြေဆိုသူထံ ပေးထားသော အခြေအနေတွင် မရှိပါ။
