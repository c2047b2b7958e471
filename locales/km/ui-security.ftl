## status: machine-drafted — needs review by a native speaker
## The security screen: change the passphrase, erase after wrong passphrases.
security-open = សុវត្ថិភាព
security-title = សុវត្ថិភាព
security-passphrase-title = ប្ដូរពាក្យសម្ងាត់
security-passphrase-explainer = អ្វីៗទាំងអស់នៅលើឧបករណ៍នេះនៅដដែល មានតែពាក្យសម្ងាត់ដែលបើកវាប៉ុណ្ណោះដែលប្ដូរ។ កុំប្រាប់នរណាម្នាក់ពីពាក្យសម្ងាត់ថ្មី ហើយកុំសរសេរវាទុកនៅជិតឧបករណ៍នេះ។
security-current-label = ពាក្យសម្ងាត់បច្ចុប្បន្ន
security-new-label = ពាក្យសម្ងាត់ថ្មី
security-again-label = វាយពាក្យសម្ងាត់ថ្មីម្ដងទៀត
security-change-submit = ប្ដូរពាក្យសម្ងាត់
security-changed = ពាក្យសម្ងាត់ត្រូវបានប្ដូរហើយ។ ចាប់ពីពេលនេះ សូមប្រើពាក្យសម្ងាត់ថ្មី។
security-wipe-title = លុបបន្ទាប់ពីវាយពាក្យសម្ងាត់ខុស
security-wipe-explainer = ប្រសិនបើនរណាម្នាក់ព្យាយាមទាយពាក្យសម្ងាត់ម្ដងហើយម្ដងទៀត ឧបករណ៍នេះអាចលុបអ្វីៗទាំងអស់ដែលវាផ្ទុក។ អ្វីដែលបានចែករំលែកជាមួយក្រុមរួចហើយនៅជាមួយក្រុម អ្វីដែលមិនទាន់ចែករំលែកនឹងបាត់បង់។
security-wipe-label = លុបទាំងអស់នៅពេលណា
security-idle-title = ចាក់សោនៅពេលមិនប្រើ
security-idle-explainer = នៅពេលគ្មាននរណាប៉ះកម្មវិធីយូរប៉ុណ្ណេះ ឃ្លាំងទិន្នន័យនឹងចាក់សោដោយខ្លួនឯង ហើយត្រូវការពាក្យសម្ងាត់ដើម្បីបើកវាម្ដងទៀត។ ពេលវេលាខ្លីជាងការពារទូរសព្ទដែលត្រូវបានទុកចោល ឬត្រូវបានគេយកទៅ។
security-idle-label = ចាក់សោនៅពេលណា
security-saved = បានរក្សាទុក។
