## status: machine-drafted — needs review by a native speaker
# ច្បាប់ពាក្យសម្ងាត់ និងរង្វាស់កម្លាំង (crate `app`)

passphrase-too-short = ពាក្យសម្ងាត់ត្រូវមានយ៉ាងហោចណាស់ { $min } តួអក្សរ។ ពាក្យចៃដន្យប្រាំគឺជាជម្រើសល្អ។
passphrase-too-weak = ពាក្យសម្ងាត់នេះងាយទាយពេក។ { $reason } អ្នកដែលមានច្បាប់ចម្លងឯកសាររបស់ឧបករណ៍នេះ និងស្នូលដំណើរការ { $cores } ដែលលឿនដូចឧបករណ៍នេះ អាចរកឃើញវាក្នុងរយៈពេល { $time }។ សូមជ្រើសពាក្យសម្ងាត់ដែលត្រូវការយ៉ាងហោចណាស់ { $years } ឆ្នាំ ឧទាហរណ៍ពាក្យចៃដន្យប្រាំ។
passphrase-strong = អ្នកដែលមានច្បាប់ចម្លងឯកសាររបស់ឧបករណ៍នេះ និងស្នូលដំណើរការ { $cores } ដែលលឿនដូចឧបករណ៍នេះ នឹងត្រូវការ { $time } ដើម្បីទាយពាក្យសម្ងាត់នេះ។
passphrase-reason-keyboard = ជួរ និងលំនាំគ្រាប់ចុចត្រូវបានសាកល្បងមុនគេ។
passphrase-reason-repeats = តួអក្សរ ឬពាក្យដដែលៗជួយបានតិចតួច។
passphrase-reason-common = វាជាពាក្យសម្ងាត់មួយក្នុងចំណោមពាក្យសម្ងាត់ដែលប្រើញឹកញាប់បំផុត។
passphrase-reason-similar = វាស្រដៀងនឹងពាក្យសម្ងាត់ដែលប្រើញឹកញាប់។
passphrase-reason-sequence = លំដាប់ដូចជា កខគ ឬ 1234 ត្រូវបានសាកល្បងមុន។
passphrase-reason-dates = កាលបរិច្ឆេទ និងឆ្នាំត្រូវបានសាកល្បងមុន។
passphrase-reason-word = ពាក្យតែមួយត្រូវបានសាកល្បងមុន។
passphrase-reason-names = ឈ្មោះត្រូវបានសាកល្បងមុន។
passphrase-reason-script = FieldScreen មិនអាចស្គាល់ពាក្យក្នុងអក្សរនេះទេ ដូច្នេះវារាប់តួអក្សរនីមួយៗថាមានតម្លៃតិច៖ សូមប្រើប្រយោគវែងជាងនេះពីពាក្យដែលមិនទាក់ទងគ្នា។
passphrase-reason-guessable = វាមានលំនាំដែលកម្មវិធីទាយសាកល្បងមុនគេ។
passphrase-time-instant = តិចជាងមួយវិនាទី
passphrase-time-seconds = ប្រហែល { $n } វិនាទី
passphrase-time-minutes = ប្រហែល { $n } នាទី
passphrase-time-hours = ប្រហែល { $n } ម៉ោង
passphrase-time-days = ប្រហែល { $n } ថ្ងៃ
passphrase-time-years = ប្រហែល { $n } ឆ្នាំ
passphrase-time-forever = ច្រើនជាងមួយលានឆ្នាំ
