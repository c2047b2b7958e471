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
error-passphrase-too-short = ពាក្យសម្ងាត់ត្រូវមានយ៉ាងហោចណាស់ { $min } តួអក្សរ។
translation-draft-count = អត្ថបទ { $drafted } ក្នុងចំណោម { $total } ជាភាសានេះ ត្រូវបានព្រាងដោយម៉ាស៊ីន ហើយមិនទាន់មាននរណាម្នាក់ពិនិត្យនៅឡើយទេ។
