## status: machine-drafted — needs review by a native speaker
# ဆင့်ခ်မျက်နှာပြင်- လက်ဗွေကို နှိုင်းယှဉ်ပြီးမှ စက်ကို လက်ခံခြင်းနှင့် အော်ပရေတာ တိုကင်

syncview-operator-token-label = အော်ပရေတာ တိုကင် (ဆင့်ခ်ဆာဗာက တောင်းမှသာ)
syncview-waiting-title = ဝင်ရန် စောင့်နေသော စက်များ
syncview-waiting-check = စောင့်နေသော စက်များကို စစ်ရန်
syncview-waiting-none = စောင့်နေသော စက် မရှိပါ။
syncview-fingerprint-label = လက်ဗွေ
syncview-admit-one = လက်ခံရန်
syncview-admit-confirm = စက်အသစ်သည် ၎င်း၏ မျက်နှာပြင်ပေါ်တွင် ဤဂဏန်းများကို အတိအကျ ပြသလား။ တူညီမှသာ လက်ခံပါ။
syncview-admit-yes = ဟုတ်၊ တူသည်- လက်ခံမည်
syncview-joining-fingerprint = ဤစက်၏ လက်ဗွေ။ သင့်ကြီးကြပ်သူကို ပြပါ၊ ဂဏန်းများ တူမှသာ ဤစက်ကို လက်ခံမည်-
