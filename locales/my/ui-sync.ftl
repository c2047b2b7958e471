## status: machine-drafted — needs review by a native speaker

## Sync and team screens: strings the UI shows and the status the core formats.

syncview-title = ချိန်ကိုက်ခြင်းနှင့် အဖွဲ့
syncview-state-no-team = ဤစက်သည် အဖွဲ့တွင် မပါသေးပါ။ သင့်အလုပ်သည် ဤစက်ပေါ်တွင်သာ ရှိသည်။
syncview-state-locked = သိုလှောင်ရာကို သော့ခတ်ထားစဉ် ချိန်ကိုက်ခြင်းကို ရပ်ထားသည်။
syncview-state-joining = ကြီးကြပ်သူက ဤစက်ကို လက်ခံရန် စောင့်နေသည်။
syncview-state-running = ချိန်ကိုက်နေသည်…
syncview-state-up-to-date = နောက်ဆုံးအခြေအနေ ဖြစ်ပြီ။
syncview-state-pending = ပို့ရန် ပြောင်းလဲမှုများ စောင့်နေသည်။
syncview-state-offline = အော့ဖ်လိုင်း: ချိန်ကိုက်ဆာဗာကို ဆက်သွယ်၍မရပါ။ သင့်အလုပ်သည် ဤစက်ပေါ်တွင် လုံခြုံသည်။
syncview-state-refused = ချိန်ကိုက်ဆာဗာက ယခု ငြင်းပယ်နေသည်။
syncview-state-removed = ဤစက်ကို အဖွဲ့မှ ဖယ်ရှားပြီးပါပြီ။ အဖွဲ့၏အလုပ်ကို မပို့၊ မရတော့ပါ။
syncview-state-failed = ချိန်ကိုက်ခြင်း မပြီးဆုံးပါ။
syncview-never = မချိန်ကိုက်ရသေးပါ။
syncview-last = နောက်ဆုံးချိန်ကိုက်ချိန် { $date } { $time }
syncview-pending =
    { $count ->
        [0] ပို့ရန် စောင့်နေသည် မရှိပါ။
       *[other] မှတ်တမ်း { $count } ခု ပို့ရန် စောင့်နေသည်။
    }
syncview-retry-in =
    { $count ->
       *[other] { $count } စက္ကန့်အတွင်း ထပ်ကြိုးစားမည်။
    }
syncview-progress-push = { $total } ခုအနက် { $done } ခု ပို့နေသည်
syncview-progress-pull =
    { $count ->
       *[other] ပြောင်းလဲမှု { $count } ခု ရရှိပြီ
    }
syncview-name-required = အဖွဲ့အမည် ပေးပါ။
syncview-now = ယခု ချိန်ကိုက်ရန်
syncview-progress = ချိန်ကိုက်မှု တိုးတက်မှု
syncview-create-title = အဖွဲ့ ဖန်တီးရန်
syncview-create-help = ဤစက်သည် အဖွဲ့၏ ကြီးကြပ်သူ ဖြစ်လာမည်: စက်များကို ဖိတ်ခေါ်၊ လက်ခံ၊ ဖယ်ရှားသည်။
syncview-relay-label = ချိန်ကိုက်ဆာဗာ လိပ်စာ
syncview-name-label = အဖွဲ့အမည်
syncview-create-button = အဖွဲ့ ဖန်တီးရန်
syncview-join-title = အဖွဲ့သို့ ဝင်ရန်
syncview-join-help = ကြီးကြပ်သူ၏ စက်ပေါ်တွင် ပြထားသော ဖိတ်ကုဒ်ကို ရိုက်ထည့်ပါ။
syncview-code-label = ဖိတ်ကုဒ်
syncview-join-button = ဝင်ရန်
syncview-team-title = အဖွဲ့
syncview-this-device = ဤစက်
syncview-supervisor = ကြီးကြပ်သူ
syncview-invite-button = စက်တစ်လုံး ဖိတ်ရန်
syncview-invite-help = ဤကုဒ်ကို စက်အသစ်ပေါ်တွင် စကင်ဖတ်ပါ သို့မဟုတ် အောက်ရှိကုဒ်ကို ရိုက်ပါ။ တစ်ကြိမ်သာ အသုံးပြုနိုင်သည်။
syncview-invite-qr =
    .alt = ဖိတ်ကြားချက်၏ QR ကုဒ်
syncview-members-title = အဖွဲ့ဝင်များ
syncview-remove-button = ဖယ်ရှားရန်
syncview-remove-confirm = ဤစက်ကို အဖွဲ့မှ ဖယ်ရှားမလား။ အဖွဲ့သော့ ပြောင်းလဲမည်: ဤစက်သည် ယခုနောက်ပိုင်း ရေးသားသည်များကို မဖတ်နိုင်တော့ပါ။
syncview-remove-yes = ဟုတ်ကဲ့၊ ဖယ်ရှားပါ
syncview-cancel = မလုပ်တော့ပါ
syncview-state-warning = ချိန်ကိုက်ခြင်းကို စစ်ဆေးရန် လိုသည်။
syncview-relay-key = ချိန်ကိုက်ဆာဗာ သော့
syncview-relay-pin-label = ချိန်ကိုက်ဆာဗာ သော့ ပင် (အခြေ ၁၆ ဂဏန်း ၆၄ လုံး၊ ကိုယ်ပိုင်လက်မှတ်ရှိသော ဆာဗာအတွက်သာ)
