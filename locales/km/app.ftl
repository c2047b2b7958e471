## status: machine-drafted — needs review by a native speaker

message-missing = (មិនមានអត្ថបទ)
app-version = កំណែ { $version }
error-unexpected = មានបញ្ហាកើតឡើង។ អ្វីដែលអ្នកបានបញ្ចូលមិនបាត់បង់ទេ។
error-unknown-language = ភាសានេះមិនមានទេ៖ { $code }
error-data-folder = កម្មវិធីមិនអាចប្រើថតទិន្នន័យរបស់វាបានទេ ({ $path })៖ { $reason }
error-settings-save = មិនអាចរក្សាទុកការកំណត់របស់អ្នកបានទេ៖ { $reason }
