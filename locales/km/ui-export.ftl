## status: machine-drafted — needs review by a native speaker

exportui-title = នាំចេញទិន្នន័យ
exportui-open = នាំចេញ
exportui-none = មិនទាន់មានបទសម្ភាសន៍ដើម្បីនាំចេញទេ។
exportui-questionnaire = កម្រងសំណួរ
exportui-format = ទម្រង់ឯកសារ
exportui-format-csv = ឯកសារ CSV ក្នុង zip (ប្លង់ ODK Central)
exportui-format-xlsx = សៀវភៅបញ្ជី Excel
exportui-format-json = JSON (ចម្លើយនីមួយៗជាមួយភាសា ការដាក់ពិន្ទុ និងភស្តុតាង)
exportui-labels = សរសេរចម្លើយជា
exportui-values = ឈ្មោះជម្រើស (សម្រាប់ការវិភាគ)
exportui-split = ជួរឈរ 1/0 មួយសម្រាប់ជម្រើសនីមួយៗនៃសំណួរពហុជម្រើស
exportui-from = ចាប់ផ្ដើមនៅ ឬបន្ទាប់ពី
exportui-to = ចាប់ផ្ដើមនៅ ឬមុន
exportui-status = ស្ថានភាព
exportui-status-any = ទាំងអស់
exportui-status-complete = បានបញ្ចប់
exportui-status-in-progress = កំពុងដំណើរការ
exportui-recipient = អ៊ិនគ្រីបសម្រាប់សោសាធារណៈ age នេះ (ស្រេចចិត្ត)
exportui-plaintext-warning = បើគ្មានសោ ឯកសារនឹងមិនត្រូវបានអ៊ិនគ្រីបទេ៖ អ្នកណាដែលទទួលបានវាអាចអានចម្លើយទាំងអស់។ រក្សាទុកវានៅលើដ្រាយដែលបានអ៊ិនគ្រីប ចែករំលែកតែជាមួយអ្នកដែលមានសិទ្ធិ ហើយលុបវាចោលនៅពេលលែងត្រូវការ។
exportui-plaintext-ok = ខ្ញុំយល់៖ រក្សាទុកដោយគ្មានការអ៊ិនគ្រីប
exportui-start = នាំចេញ…
exportui-cancel = បោះបង់ការនាំចេញ
exportui-progress = វឌ្ឍនភាពនៃការនាំចេញ
exportui-back = ត្រឡប់ក្រោយ
exportui-case-pdf = រក្សាទុកជា PDF…
exportui-case-pdf-saved = សេចក្ដីសង្ខេបករណីត្រូវបានរក្សាទុកជា PDF។ ឯកសារនេះមិនត្រូវបានអ៊ិនគ្រីបទេ៖ សូមរក្សាទុកឱ្យមានសុវត្ថិភាព ហើយលុបវាចោលនៅពេលលែងត្រូវការ។
