## status: machine-drafted — needs review by a native speaker

message-missing = (មិនមានអត្ថបទ)
app-version = កំណែ { $version }
error-unexpected = មានបញ្ហាកើតឡើង។ អ្វីដែលអ្នកបានបញ្ចូលមិនបាត់បង់ទេ។
error-unknown-language = ភាសានេះមិនមានទេ៖ { $code }
error-data-folder = កម្មវិធីមិនអាចប្រើថតទិន្នន័យរបស់វាបានទេ ({ $path })៖ { $reason }
error-settings-save = មិនអាចរក្សាទុកការកំណត់របស់អ្នកបានទេ៖ { $reason }
error-io = មិនអាចអាន ឬសរសេរទៅកន្លែងផ្ទុករបស់ឧបករណ៍បានទេ៖ { $reason }
error-record-not-found = មិនមានករណីដែលមានលេខសម្គាល់ { $id } ទេ។
error-unknown-question = កម្រងសំណួរនេះមិនមានសំណួរ “{ $question }” ដែលអាចឆ្លើយបានទេ។
error-invalid-answer = “{ $value }” មិនមែនជាចម្លើយត្រឹមត្រូវសម្រាប់ “{ $question }” ទេ។
error-state-not-offered = កម្រងសំណួរនេះមិនផ្ដល់ជម្រើស “មិនដឹង” ឬ “មិនចង់ឆ្លើយ” សម្រាប់ “{ $question }” ទេ។
error-invalid-form = មិនអាចប្រើកម្រងសំណួរនៅ { $path } បានទេ៖ { $reason }
error-passphrase-mismatch = ពាក្យសម្ងាត់ទាំងពីរមិនដូចគ្នាទេ។
error-form-hash-invalid = កំណត់ត្រានេះដាក់ឈ្មោះកម្រងសំណួររបស់វាក្នុងទម្រង់មិនត្រឹមត្រូវ ({ $hash })។ វាមិនត្រូវបានបើកទេ ហើយគ្មានអ្វីនៅក្រៅឃ្លាំងត្រូវបានអានទេ។
error-form-hash-mismatch = កម្រងសំណួរដែលរក្សាទុកសម្រាប់កំណត់ត្រានេះមិនត្រូវគ្នានឹងកម្រងសំណួរដែលកំណត់ត្រាបានចាប់ផ្ដើមទេ (រំពឹង { $expected } ប៉ុន្តែរកឃើញ { $found })។ វាមិនត្រូវបានប្រើទេ។
translation-draft-count = អត្ថបទ { $drafted } ក្នុងចំណោម { $total } ជាភាសានេះ ត្រូវបានព្រាងដោយម៉ាស៊ីន ហើយមិនទាន់មាននរណាម្នាក់ពិនិត្យនៅឡើយទេ។

## The security screen's wipe limit (app::security)
security-wipe-never = មិនដែលលុប
security-wipe-after = បន្ទាប់ពីវាយពាក្យសម្ងាត់ខុស { $count } ដងជាប់ៗគ្នា
security-idle-never = មិនដែលចាក់សោ (កំណត់ក្នុងឯកសារការកំណត់របស់ឧបករណ៍នេះ)
security-idle-after = បន្ទាប់ពីមិនប្រើ { $count } នាទី
