## status: machine-drafted — needs review by a native speaker

language-name = ខ្មែរ
app-name = FieldScreen
app-tagline = ការត្រួតពិនិត្យការងារ និងការពិនិត្យជនរងគ្រោះ — ក្រៅបណ្ដាញ អ៊ិនគ្រីប ជាភាសារបស់អ្នក
skip-to-content = រំលងទៅមាតិកាចម្បង
language-switcher-label = ភាសា
home-title = សូមស្វាគមន៍
home-intro = អ្វីៗទាំងអស់ដែលអ្នកកត់ត្រា ត្រូវបានអ៊ិនគ្រីបនៅលើឧបករណ៍នេះ។ វាត្រូវបានចែករំលែកតែជាមួយឧបករណ៍របស់ក្រុមអ្នកប៉ុណ្ណោះ មិនដែលក្នុងទម្រង់ដែលអាចអានបានឡើយ។
translation-draft-notice = ការបកប្រែនេះត្រូវបានព្រាងដោយម៉ាស៊ីន ហើយកំពុងរង់ចាំការពិនិត្យពីអ្នកនិយាយភាសាកំណើត។
