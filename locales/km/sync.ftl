## status: machine-drafted — needs review by a native speaker
# សារនៃការធ្វើសមកាលកម្ម និង relay

sync-change-rejected = ការផ្លាស់ប្តូរមួយពីក្រុមមិនអាចត្រួតពិនិត្យបាន ហើយត្រូវបានដាក់ដាច់ដោយឡែក។ ទិន្នន័យរបស់អ្នកនៅមានសុវត្ថិភាព។
sync-key-missing = ការផ្លាស់ប្តូរមួយត្រូវបានសរសេរដោយសោក្រុមដែលឧបករណ៍នេះមិនមាន។ សូមស្នើអ្នកគ្រប់គ្រងក្រុមឱ្យទទួលឧបករណ៍នេះម្តងទៀត។
sync-unknown-device = ការផ្លាស់ប្តូរមួយមកពីឧបករណ៍ដែលមិននៅក្នុងក្រុមរបស់អ្នក។ វាមិនត្រូវបានអនុវត្តទេ។
sync-newer-version = ការផ្លាស់ប្តូរមួយត្រូវបានសរសេរដោយកំណែថ្មីជាងនៃ FieldScreen។ សូមធ្វើបច្ចុប្បន្នភាពកម្មវិធី។
sync-random-unavailable = ឧបករណ៍នេះមិនអាចបង្កើតលេខចៃដន្យដែលមានសុវត្ថិភាពបានទេ។ គ្មានអ្វីត្រូវបានផ្ញើទេ។
sync-relay-answer-bad = ម៉ាស៊ីនមេសមកាលកម្មបានផ្ញើចម្លើយដែលមិនអាចអានបាន។ សូមព្យាយាមម្តងទៀតនៅពេលក្រោយ។
relay-listening = relay សមកាលកម្មកំពុងស្តាប់នៅ { $address }
relay-bad-db = មូលដ្ឋានទិន្នន័យត្រូវផ្តល់ជា sqlite:PATH ឬ postgres://USER@HOST:PORT/DATABASE (ឧទាហរណ៍ sqlite:/var/lib/fieldscreen/relay.db)
relay-failed = relay សមកាលកម្មបានឈប់៖ { $reason }
