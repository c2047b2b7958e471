## status: machine-drafted — needs review by a native speaker

interview-progress = အပိုင်း { $steps } ပိုင်းအနက် { $step } · မေးခွန်း { $answered } ခု ဖြေပြီး
interview-dont-know = မသိပါ
interview-prefer-not = မဖြေလိုပါ
interview-required = ဆက်မသွားမီ အဖြေတစ်ခု လိုအပ်သည်။
interview-not-accepted = ဤအဖြေကို လက်မခံပါ: { $detail }
interview-no-answer = (အဖြေမရှိ)
interview-consent-declined = သဘောမတူပါ။ ထိုအချက်မှလွဲ၍ ဘာမှ မှတ်တမ်းမတင်ပါ။
interview-strength-strong = ခိုင်မာသော ညွှန်ပြချက်
interview-strength-medium = အလယ်အလတ် ညွှန်ပြချက်
interview-strength-weak = အားနည်းသော ညွှန်ပြချက်
interview-child-present = ဤသူသည် အသက် ၁၈ နှစ်အောက် ဖြစ်နိုင်သည်: ကလေးလမ်းကြောင်းကို သုံးပါ (လူကုန်ကူးမှုအတွက် နည်းလမ်း မလိုပါ)။
interview-child-absent = ဤသူသည် အသက် ၁၈ နှစ် သို့မဟုတ် အထက် ဖြစ်သည်။
interview-child-declined = အသက် မပေးပါ: သံသယရှိလျှင် ၁၈ နှစ်အောက် ဖြစ်နိုင်သည်ဟု မှတ်ယူပါ။
interview-child-not_asked = အသက်ကို မမေးခဲ့ပါ။
interview-review-share = ဤစာမျက်နှာရှိ စာသား { $total } ခုအနက် { $reviewed } ခုကို လူတစ်ဦးက စစ်ဆေးပြီးပါပြီ၊ ကျန်သည်များမှာ စက်ဘာသာပြန်များ ဖြစ်သည်။
