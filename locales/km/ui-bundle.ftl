## status: machine-drafted — needs review by a native speaker

## Hand-over by file (USB stick, SD card): the sync screen's part and the file dialog.

bundle-title = ផ្ទេរតាមឯកសារ
bundle-intro = គ្មានបណ្ដាញមែនទេ? រក្សាទុកកំណត់ត្រារបស់ឧបករណ៍នេះទៅក្នុងឯកសារមួយលើ USB ឬកាត SD ហើយបើកវានៅលើឧបករណ៍ផ្សេងទៀតនៃក្រុមរបស់អ្នក។ មានតែឧបករណ៍នៃក្រុមរបស់អ្នកប៉ុណ្ណោះដែលអាចអានឯកសារនេះបាន។
bundle-save = រក្សាទុកទៅឯកសារ
bundle-open = បើកឯកសារពីឧបករណ៍ផ្សេង
bundle-working = កំពុងដំណើរការ…
bundle-save-title = រក្សាទុកកំណត់ត្រារបស់ក្រុមទៅឯកសារ
bundle-open-title = បើកឯកសារពីឧបករណ៍នៃក្រុមរបស់អ្នក
bundle-filter = ឯកសារក្រុម FieldScreen
bundle-saved =
    { $count ->
        [0] គ្មានកំណត់ត្រាត្រូវរក្សាទុកទេ។
       *[other] បានរក្សាទុកកំណត់ត្រា { $count } ទៅក្នុងឯកសារ។
    }
bundle-merged =
    { $count ->
        [0] ឯកសារនេះគ្មានកំណត់ត្រាទេ។
       *[other] បានបញ្ចូលកំណត់ត្រា { $count } ពីឯកសារ។
    }
bundle-set-aside =
    { $count ->
       *[other] កំណត់ត្រា { $count } ត្រូវបានដាក់ដោយឡែក៖ វាមិនមែនមកពីឧបករណ៍នៃក្រុមរបស់អ្នក ឬវាខូច។
    }
