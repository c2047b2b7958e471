## status: machine-drafted — needs review by a native speaker
# Hand-over mode: the respondent holds the device and answers alone.

handover-title = ឆ្លើយដោយខ្លួនឯង
handover-progress = សំណួរទី { $step } ក្នុងចំណោម { $steps }
handover-replay = ចាក់សំណួរម្ដងទៀត
handover-dont-know = ខ្ញុំមិនដឹង
handover-skip = រំលងសំណួរនេះ
handover-previous = សំណួរមុន
handover-done = សូមអរគុណ។ សូមប្រគល់ឧបករណ៍ទៅអ្នកដែលបានឲ្យវាមកអ្នកវិញ។
handover-no-prompt = មិនមានការថតសំឡេងសំណួរនេះជាភាសារបស់អ្នកទេ។ សូមអានវានៅលើអេក្រង់។
handover-synthesized = សំឡេងនេះបង្កើតដោយកុំព្យូទ័រ មិនមែនថតដោយមនុស្សទេ។
handover-leave = ប្រគល់វិញ
handover-leave-hint = អ្នកសម្ភាសន៍សង្កត់ប៊ូតុងនេះឲ្យជាប់ ដើម្បីយកឧបករណ៍វិញ។
handover-answers-label = ចម្លើយរបស់អ្នក

handover-confirm-title = ត្រឡប់ទៅអេក្រង់របស់អ្នកសម្ភាសន៍
handover-confirm-passphrase = ពាក្យសម្ងាត់
handover-confirm = បញ្ជាក់
handover-cancel = បោះបង់

error-handing-over = ឧបករណ៍នៅជាមួយអ្នកឆ្លើយ។ សូមសង្កត់ "ប្រគល់វិញ" ឲ្យជាប់ ហើយបញ្ជាក់ដោយពាក្យសម្ងាត់ជាមុនសិន។
error-handover-nothing = ផ្នែកនេះគ្មានសំណួរបាទ/ចាស ឬទេ ដែលអ្នកឆ្លើយអាចឆ្លើយដោយខ្លួនឯងបានទេ។
error-handover-none = ឧបករណ៍មិនស្ថិតក្នុងរបៀបប្រគល់ឲ្យអ្នកឆ្លើយទេ។
