## status: machine-drafted — needs review by a native speaker

## Sync and team screens: strings the UI shows and the status the core formats.

syncview-title = ការធ្វើសមកាលកម្ម និងក្រុម
syncview-state-no-team = ឧបករណ៍នេះមិនទាន់នៅក្នុងក្រុមទេ។ ការងាររបស់អ្នកនៅលើឧបករណ៍នេះតែប៉ុណ្ណោះ។
syncview-state-locked = ការធ្វើសមកាលកម្មត្រូវបានផ្អាក ពេលឃ្លាំងត្រូវបានចាក់សោ។
syncview-state-joining = កំពុងរង់ចាំអ្នកគ្រប់គ្រងអនុញ្ញាតឧបករណ៍នេះ។
syncview-state-running = កំពុងធ្វើសមកាលកម្ម…
syncview-state-up-to-date = ទាន់សម័យហើយ។
syncview-state-pending = មានការផ្លាស់ប្ដូររង់ចាំផ្ញើ។
syncview-state-offline = គ្មានអ៊ីនធឺណិត៖ មិនអាចភ្ជាប់ទៅម៉ាស៊ីនមេសមកាលកម្មបានទេ។ ការងាររបស់អ្នកមានសុវត្ថិភាពនៅលើឧបករណ៍នេះ។
syncview-state-refused = ម៉ាស៊ីនមេសមកាលកម្មកំពុងបដិសេធនៅពេលនេះ។
syncview-state-removed = ឧបករណ៍នេះត្រូវបានដកចេញពីក្រុម។ វាលែងផ្ញើ ឬទទួលការងាររបស់ក្រុមទៀតហើយ។
syncview-state-failed = ការធ្វើសមកាលកម្មមិនបានបញ្ចប់ទេ។
syncview-never = មិនទាន់បានធ្វើសមកាលកម្មនៅឡើយ។
syncview-last = ធ្វើសមកាលកម្មចុងក្រោយ { $date } ម៉ោង { $time }
syncview-pending =
    { $count ->
        [0] គ្មានអ្វីរង់ចាំផ្ញើទេ។
       *[other] កំណត់ត្រា { $count } កំពុងរង់ចាំផ្ញើ។
    }
syncview-retry-in =
    { $count ->
       *[other] នឹងព្យាយាមម្ដងទៀតក្នុងរយៈពេល { $count } វិនាទី។
    }
syncview-progress-push = កំពុងផ្ញើ { $done } នៃ { $total }
syncview-progress-pull =
    { $count ->
       *[other] បានទទួលការផ្លាស់ប្ដូរ { $count }
    }
syncview-name-required = សូមដាក់ឈ្មោះក្រុម។
syncview-now = ធ្វើសមកាលកម្មឥឡូវ
syncview-progress = វឌ្ឍនភាពនៃការធ្វើសមកាលកម្ម
syncview-create-title = បង្កើតក្រុម
syncview-create-help = ឧបករណ៍នេះក្លាយជាអ្នកគ្រប់គ្រងក្រុម៖ វាអញ្ជើញ អនុញ្ញាត និងដកឧបករណ៍ចេញ។
syncview-relay-label = អាសយដ្ឋានម៉ាស៊ីនមេសមកាលកម្ម
syncview-name-label = ឈ្មោះក្រុម
syncview-create-button = បង្កើតក្រុម
syncview-join-title = ចូលរួមក្រុម
syncview-join-help = វាយលេខកូដអញ្ជើញដែលបង្ហាញនៅលើឧបករណ៍របស់អ្នកគ្រប់គ្រង។
syncview-code-label = លេខកូដអញ្ជើញ
syncview-join-button = ចូលរួម
syncview-team-title = ក្រុម
syncview-this-device = ឧបករណ៍នេះ
syncview-supervisor = អ្នកគ្រប់គ្រង
syncview-invite-button = អញ្ជើញឧបករណ៍
syncview-invite-help = ស្កេនកូដនេះនៅលើឧបករណ៍ថ្មី ឬវាយលេខកូដខាងក្រោម។ ប្រើបានតែម្ដង។
syncview-invite-qr =
    .alt = កូដ QR នៃការអញ្ជើញ
syncview-members-title = សមាជិក
syncview-remove-button = ដកចេញ
syncview-remove-confirm = ដកឧបករណ៍នេះចេញពីក្រុមឬ? សោរបស់ក្រុមនឹងត្រូវផ្លាស់ប្ដូរ៖ ឧបករណ៍នេះនឹងមិនអាចអានអ្វីដែលសរសេរបន្ទាប់ពីនេះបានទេ។
syncview-remove-yes = បាទ/ចាស ដកចេញ
syncview-cancel = បោះបង់
syncview-state-warning = ការធ្វើសមកាលកម្មត្រូវការការយកចិត្តទុកដាក់។
syncview-relay-key = សោម៉ាស៊ីនមេសមកាលកម្ម
syncview-relay-pin-label = ពិន សោម៉ាស៊ីនមេសមកាលកម្ម (លេខគោលដប់ប្រាំមួយ ៦៤ ខ្ទង់ សម្រាប់តែម៉ាស៊ីនមេដែលមានវិញ្ញាបនបត្រផ្ទាល់ខ្លួន)
