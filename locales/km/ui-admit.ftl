## status: machine-drafted — needs review by a native speaker
# អេក្រង់សមកាលកម្ម៖ ទទួលឧបករណ៍បន្ទាប់ពីប្រៀបធៀបស្នាមម្រាមដៃ និងថូខឹនរបស់អ្នកគ្រប់គ្រង

syncview-operator-token-label = ថូខឹនរបស់អ្នកគ្រប់គ្រង (តែនៅពេលម៉ាស៊ីនមេសមកាលកម្មសុំប៉ុណ្ណោះ)
syncview-waiting-title = ឧបករណ៍ដែលកំពុងរង់ចាំចូលរួម
syncview-waiting-check = ពិនិត្យរកឧបករណ៍ដែលកំពុងរង់ចាំ
syncview-waiting-none = គ្មានឧបករណ៍កំពុងរង់ចាំទេ។
syncview-fingerprint-label = ស្នាមម្រាមដៃ
syncview-admit-one = ទទួល
syncview-admit-confirm = តើឧបករណ៍ថ្មីបង្ហាញលេខទាំងនេះដូចគ្នាទាំងស្រុងនៅលើអេក្រង់របស់វាឬទេ? ទទួលវាតែនៅពេលដូចគ្នាប៉ុណ្ណោះ។
syncview-admit-yes = បាទ/ចាស ដូចគ្នា៖ ទទួល
syncview-joining-fingerprint = ស្នាមម្រាមដៃរបស់ឧបករណ៍នេះ។ បង្ហាញវាដល់អ្នកគ្រប់គ្រងរបស់អ្នក ដែលនឹងទទួលឧបករណ៍នេះតែនៅពេលលេខដូចគ្នា៖
