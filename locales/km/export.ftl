## status: machine-drafted — needs review by a native speaker

export-bad-date = “{ $date }” មិនមែនជាកាលបរិច្ឆេទទេ។ សូមសរសេរជា YYYY-MM-DD។
export-cancelled = ការនាំចេញត្រូវបានបោះបង់។ គ្មានឯកសារត្រូវបានសរសេរទេ។
export-disk-full = ទំហំផ្ទុកពេញ៖ ការនាំចេញទៅ { $path } មិនត្រូវបានសរសេរទេ។ គ្មានអ្វីក្នុងកម្មវិធីត្រូវបានផ្លាស់ប្ដូរទេ។ សូមបង្កើនទំហំទំនេរ ហើយព្យាយាមម្ដងទៀត។
export-write-failed = មិនអាចសរសេរការនាំចេញទៅ { $path } បានទេ៖ { $reason }។ គ្មានឯកសារនៅសល់ក្រោមឈ្មោះនោះទេ។
cli-export-done = បាននាំចេញបទសម្ភាសន៍ { $count } ទៅ { $path }។ ឯកសារនេះមិនត្រូវបានអ៊ិនគ្រីបទេ៖ សូមរក្សាទុកឱ្យមានសុវត្ថិភាព ហើយលុបវាចោលនៅពេលលែងត្រូវការ។
stats-k-too-low = កម្រិត { $k } ទាបពេក៖ ចំនួនតិចជាង { $min } អាចកំណត់អត្តសញ្ញាណមនុស្សបាន។ សូមជ្រើសរើស { $min } ឬច្រើនជាងនេះ។
stats-not-recorded = មិនបានកត់ត្រា
cli-stats-done = បានសរសេរស្ថិតិទៅ { $path } (ចំនួនតិចជាង { $k } ត្រូវបានលាក់)។
export-bad-recipient = “{ $key }” មិនមែនជាសោសាធារណៈ age ទេ។ សោសាធារណៈចាប់ផ្ដើមដោយ age1 ហើយផ្ដល់ដោយអ្នកដែលនឹងបើកឯកសារ។
cli-export-done-encrypted = បាននាំចេញបទសម្ភាសន៍ { $count } ទៅ { $path } ដោយអ៊ិនគ្រីបជាមួយ age៖ មានតែអ្នកកាន់សោដែលត្រូវគ្នាប៉ុណ្ណោះអាចបើកវាបាន។
export-busy = ការនាំចេញមួយកំពុងដំណើរការ។ សូមរង់ចាំឱ្យវាបញ្ចប់ ឬបោះបង់វា។
export-dialog-title = រក្សាទុកការនាំចេញ
export-filter-csv = ឯកសារ CSV ក្នុង zip (ODK Central)
export-filter-xlsx = សៀវភៅបញ្ជី Excel
export-filter-json = JSON
export-filter-age = ឯកសារដែលបានអ៊ិនគ្រីបដោយ age
report-case-languages = ភាសារបស់អ្នកសម្ភាសន៍៖ { $interviewer }។ ភាសារបស់អ្នកឆ្លើយ៖ { $respondent }។
report-case-printed = បានបោះពុម្ពនៅ { $date }។ ក្រដាសនេះមានចម្លើយរបស់មនុស្សម្នាក់៖ សូមចាក់សោទុក ហើយបំផ្លាញវាចោលនៅពេលលែងត្រូវការ។
report-case-notes = កំណត់ចំណាំ
report-case-dialog-title = រក្សាទុកសេចក្ដីសង្ខេបករណី
report-case-filter = ឯកសារ PDF
cli-report-case-done = បានសរសេរសេចក្ដីសង្ខេបករណីទៅ { $path }។ ឯកសារនេះមិនត្រូវបានអ៊ិនគ្រីបទេ៖ សូមរក្សាទុកឱ្យមានសុវត្ថិភាព ហើយលុបវាចោលនៅពេលលែងត្រូវការ។
