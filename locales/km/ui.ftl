## status: machine-drafted — needs review by a native speaker

language-name = ខ្មែរ
app-name = FieldScreen
app-tagline = អធិការកិច្ចការងារ និងការពិនិត្យបឋមរកសូចនាករនៃការជួញដូរមនុស្ស និងពលកម្មដោយបង្ខំ — ក្រៅបណ្ដាញ អ៊ិនគ្រីប ជាភាសារបស់អ្នក
skip-to-content = រំលងទៅមាតិកាចម្បង
language-switcher-label = ភាសា
setup-title = ការពារកំណត់ត្រានៅលើឧបករណ៍នេះ
setup-explainer = ជ្រើសរើសពាក្យសម្ងាត់មួយ។ វាអ៊ិនគ្រីបបទសម្ភាសន៍ទាំងអស់នៅលើឧបករណ៍នេះ៖ បើគ្មានវា គ្មាននរណាម្នាក់អាចអានបានទេ សូម្បីតែអ្នក។ វាមិនអាចយកមកវិញបានទេ ប្រសិនបើអ្នកភ្លេច។
setup-passphrase-label = ពាក្យសម្ងាត់ (យ៉ាងហោចណាស់ 8 តួអក្សរ)
setup-again-label = វាយពាក្យសម្ងាត់ដដែលម្ដងទៀត
setup-submit = បង្កើតឃ្លាំងដែលបានអ៊ិនគ្រីប
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
