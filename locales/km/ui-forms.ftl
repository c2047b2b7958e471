## status: machine-drafted — needs review by a native speaker

## The team's questionnaires (sync screen).

teamforms-title = កម្រងសំណួររបស់ក្រុម
teamforms-intro = កម្រងសំណួរដែលផ្សព្វផ្សាយនៅទីនេះនឹងទៅដល់ឧបករណ៍ទាំងអស់របស់ក្រុមនៅពេលធ្វើសមកាលកម្មលើកក្រោយ។ កំណត់ត្រានីមួយៗរក្សាកំណែដែលវាបានចាប់ផ្ដើម។ បទសម្ភាសន៍ថ្មីប្រើកំណែថ្មីបំផុត។
teamforms-empty = មិនទាន់មានកម្រងសំណួរណាត្រូវបានផ្សព្វផ្សាយទៅក្រុមនៅឡើយទេ។
teamforms-publish = ផ្សព្វផ្សាយកម្រងសំណួរ…
teamforms-withdraw = ដកចេញ
teamforms-version = កំណែ
