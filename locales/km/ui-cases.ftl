## status: machine-drafted — needs review by a native speaker

## The case list, vessel inspections and quick wipe: strings the UI shows.

case-status-in_progress = សេចក្ដីព្រាង
case-status-complete = បានបញ្ចប់
case-status-referred = ណែនាំឱ្យបញ្ជូនបន្ត
case-status-consent_declined = មិនយល់ព្រម
case-status-damaged = ខូច៖ រក្សាទុក ប៉ុន្តែអានមិនបាន
cases-search-label = ស្វែងរក
cases-search-hint = លេខកូដនាវា កម្រងសំណួរ ស្ថានភាព ឬកាលបរិច្ឆេទ
cases-filter-status = ស្ថានភាព
cases-filter-kind = ប្រភេទ
cases-filter-all = ទាំងអស់
cases-new-interview = ការសម្ភាសន៍ថ្មី
cases-new-inspection = ការត្រួតពិនិត្យនាវាថ្មី
cases-show-more = បង្ហាញបន្ថែម
cases-none-match = គ្មានករណីណាត្រូវនឹងការស្វែងរក និងតម្រងទេ។
cases-col-case = ករណី
cases-col-date = ការកែប្រែចុងក្រោយ
cases-col-sync = ទុកនៅ
cases-open = បើក
inspection-title = ការត្រួតពិនិត្យនាវាថ្មី
inspection-explainer = បញ្ចូលព័ត៌មាននាវាពីឯកសាររបស់វា។ បន្ទាប់មក សម្ភាសន៍នាវិកម្នាក់ៗដោយឡែក ឆ្ងាយពីការមើលឃើញ និងការឮរបស់មេទូក មេក្រុមនាវិក និងមេខ្យល់។
inspection-required = ចាំបាច់
inspection-choose = ជ្រើសរើស…
inspection-save = រក្សាទុក ហើយបង្ហាញបញ្ជីនាវិក
inspection-cancel = បោះបង់
vessel-details-title = ព័ត៌មាននាវា
vessel-crew-title = នាវិក
vessel-add-crew = សម្ភាសន៍នាវិកម្នាក់
vessel-crew-empty = មិនទាន់បានសម្ភាសន៍នាវិកណាម្នាក់នៅឡើយទេ។
vessel-back = ត្រឡប់ទៅបញ្ជីករណី
vessel-checks = ការត្រួតពិនិត្យនាវា៖ ឯកសារ បរិក្ខារ បញ្ជីនាវិក
wipe-open = លុបទាំងអស់
wipe-title = លុបអ្វីៗទាំងអស់នៅលើឧបករណ៍នេះ
wipe-explainer = សកម្មភាពនេះលុបការសម្ភាសន៍ និងការត្រួតពិនិត្យនាវាទាំងអស់នៅលើឧបករណ៍នេះ រួមទាំងកូនសោដែលការពារពួកវា។ មិនអាចត្រឡប់វិញបានទេ៖ កំណត់ត្រាដែលមិនទាន់ចែករំលែកជាមួយក្រុមនឹងបាត់បង់ជារៀងរហូត។ មិនត្រូវការពាក្យសម្ងាត់ទេ។ បន្ទាប់មក កម្មវិធីចាប់ផ្ដើមឡើងវិញដូចទើបដំឡើងថ្មី។
wipe-confirm-word = លុប
wipe-word-intro = ដើម្បីបញ្ជាក់ សូមវាយពាក្យនេះ៖
wipe-type-label = ពាក្យដែលបង្ហាញខាងលើ
wipe-submit = លុបទាំងអស់ឥឡូវនេះ
wipe-cancel = បោះបង់ រក្សាទុកទាំងអស់
cases-form-version = កំណែ
cases-rolled-back-accept = ទទួលយកតាមស្ថានភាពបច្ចុប្បន្ន
