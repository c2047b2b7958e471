## status: machine-drafted — needs review by a native speaker

interview-progress = ផ្នែកទី { $step } នៃ { $steps } · បានឆ្លើយ { $answered } សំណួរ
interview-dont-know = មិនដឹង
interview-prefer-not = មិនចង់ឆ្លើយ
interview-required = ត្រូវការចម្លើយមុននឹងបន្ត។
interview-not-accepted = ចម្លើយនេះមិនត្រូវបានទទួលយកទេ: { $detail }
interview-no-answer = (គ្មានចម្លើយ)
interview-consent-declined = មិនយល់ព្រម។ គ្មានអ្វីត្រូវបានកត់ត្រាក្រៅពីនេះទេ។
interview-strength-strong = សូចនាករខ្លាំង
interview-strength-medium = សូចនាករមធ្យម
interview-strength-weak = សូចនាករខ្សោយ
interview-child-present = បុគ្គលនេះអាចមានអាយុក្រោម 18 ឆ្នាំ: អនុវត្តផ្លូវកុមារ (មិនត្រូវការមធ្យោបាយសម្រាប់ការជួញដូរ)។
interview-child-absent = បុគ្គលនេះមានអាយុ 18 ឆ្នាំឡើងទៅ។
interview-child-declined = មិនបានផ្ដល់អាយុ: បើមានការសង្ស័យ ចាត់ទុកថាអាចមានអាយុក្រោម 18 ឆ្នាំ។
interview-child-not_asked = មិនបានសួរអាយុទេ។
interview-review-share = អត្ថបទ { $reviewed } ក្នុងចំណោម { $total } នៅលើទំព័រនេះ ត្រូវបានពិនិត្យដោយមនុស្ស ដែលនៅសល់គឺជាការបកប្រែដោយម៉ាស៊ីន។
