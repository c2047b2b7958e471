## status: machine-drafted — needs review by a native speaker

## The case list, vessel inspections and quick wipe: messages the core formats.

case-kind-interview = ការសម្ភាសន៍
case-kind-vessel_inspection = ការត្រួតពិនិត្យនាវា
case-kind-damaged = កំណត់ត្រាខូច
case-sync-device_only = នៅលើឧបករណ៍នេះតែប៉ុណ្ណោះ
case-sync-waiting = កំពុងរង់ចាំផ្ញើទៅក្រុម
case-sync-synced = បានចែករំលែកជាមួយក្រុម
case-list-summary = បង្ហាញ { $shown } ក្នុងចំណោម { $matched } (នៅលើឧបករណ៍នេះ { $total })
vessel-field-problem = { $field }: { $problem }
vessel-field-required = ត្រូវតែបំពេញ។
vessel-answer-dont_know = មិនដឹង
vessel-answer-prefer_not = មិនចង់ឆ្លើយ
vessel-crew-unnamed = នាវិកទី { $n }
vessel-crew-summary = នាវិកដែលបានសម្ភាសន៍: { $count }
wipe-not-confirmed = ពាក្យដែលបានវាយមិនត្រូវគ្នាទេ។ មិនទាន់បានលុបអ្វីទេ។
case-form-waiting = កំពុងរង់ចាំកម្រងសំណួរពីក្រុម
case-form-refused = កម្រងសំណួរដែលទទួលបានពីក្រុមត្រូវបានបដិសេធ
case-form-missing = កម្រងសំណួររបស់វាមិនមាននៅលើឧបករណ៍នេះទេ

case-rolled-back = កំណត់ត្រា { $count } ចាស់ជាងអ្វីដែលឧបករណ៍នេះបានឃើញចុងក្រោយ។ នរណាម្នាក់ប្រហែលជាបានដាក់ច្បាប់ចម្លងចាស់នៃឃ្លាំងរបស់ឧបករណ៍នេះមកវិញ។ វាត្រូវបានរក្សាទុក ប៉ុន្តែមិនអាចបើកបានទេ រហូតដល់អ្នកទទួលយកវាតាមស្ថានភាពបច្ចុប្បន្ន។ អ្វីដែលបាត់បង់ចាប់តាំងពីពេលនោះ មិននៅលើឧបករណ៍នេះទៀតទេ សមាជិកក្រុមដែលបានធ្វើសមកាលកម្មប្រហែលជានៅមាន។
