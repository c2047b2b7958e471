## status: machine-drafted — needs review by a native speaker

language-name = ខ្មែរ
app-name = FieldScreen
app-tagline = អធិការកិច្ចការងារ និងការពិនិត្យបឋមរកសូចនាករនៃការជួញដូរមនុស្ស និងពលកម្មដោយបង្ខំ — ក្រៅបណ្ដាញ អ៊ិនគ្រីប ជាភាសារបស់អ្នក
skip-to-content = រំលងទៅមាតិកាចម្បង
language-switcher-label = ភាសា
# The menu that holds the language, lock, sync and erase during an interview on a phone.
app-menu = ម៉ឺនុយ
app-menu-your-language = ភាសារបស់អ្នក (អ្នកសម្ភាសន៍)
setup-title = ការពារកំណត់ត្រានៅលើឧបករណ៍នេះ
setup-explainer = ជ្រើសរើសពាក្យសម្ងាត់មួយ។ វាអ៊ិនគ្រីបបទសម្ភាសន៍ទាំងអស់នៅលើឧបករណ៍នេះ៖ បើគ្មានវា គ្មាននរណាម្នាក់អាចអានបានទេ សូម្បីតែអ្នក។ វាមិនអាចយកមកវិញបានទេ ប្រសិនបើអ្នកភ្លេច។
setup-passphrase-label = ពាក្យសម្ងាត់
setup-again-label = វាយពាក្យសម្ងាត់ដដែលម្ដងទៀត
setup-submit = បង្កើតឃ្លាំងដែលបានអ៊ិនគ្រីប
setup-strength-label = កម្លាំងពាក្យសម្ងាត់
setup-suggest = ណែនាំពាក្យសម្ងាត់
setup-suggested-label = ពាក្យសម្ងាត់ដែលបានណែនាំ
setup-suggested-intro = សូមសរសេរពាក្យសម្ងាត់នេះឥឡូវនេះ ហើយរក្សាទុកឱ្យមានសុវត្ថិភាព៖ វាត្រូវបានបង្ហាញតែម្ដងប៉ុណ្ណោះ។
setup-suggested-use = ខ្ញុំបានសរសេររួចហើយ៖ ប្រើវា
unlock-title = បញ្ចូលពាក្យសម្ងាត់របស់អ្នក
unlock-explainer = កំណត់ត្រានៅលើឧបករណ៍នេះត្រូវបានចាក់សោ។
unlock-passphrase-label = ពាក្យសម្ងាត់
unlock-submit = ដោះសោ
lock-button = ចាក់សោឥឡូវនេះ
cases-title = ករណី
cases-empty = មិនទាន់មានបទសម្ភាសន៍ ឬការត្រួតពិនិត្យនៅលើឧបករណ៍នេះនៅឡើយទេ។
cases-col-form = កម្រងសំណួរ
cases-col-status = ស្ថានភាព
cases-col-updated = ការផ្លាស់ប្ដូរចុងក្រោយ
status-in_progress = សេចក្ដីព្រាង
status-complete = បានបញ្ចប់
status-damaged = ខូច៖ រក្សាទុក ប៉ុន្តែមិនអាចអានបាន
# Quick hide: the neutral screen (a phone with no signal), nothing of the app.
hide-offline-title = គ្មានការតភ្ជាប់អ៊ីនធឺណិត
hide-offline-body = សូមពិនិត្យការតភ្ជាប់ រួចសាកល្បងម្ដងទៀត។
hide-offline-retry = សាកល្បងម្ដងទៀត
